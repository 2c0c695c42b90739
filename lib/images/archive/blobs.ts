import { indexTar, type TarMember } from "./tar-index";

/**
 * Where each blob (digest → archive path) lies in the uncompressed archive `file`, from one read
 * of its tar headers; null when a blob is not a regular member (an archive stored before the
 * registry existed, still gzipped): such a version is not served.
 */
export function locateBlobs(file: string, blobs: Record<string, string>): Record<string, TarMember> | null {
  const members = indexTar(file);
  const located: Record<string, TarMember> = {};
  for (const [digest, archivePath] of Object.entries(blobs)) {
    const member = members.get(archivePath);
    if (!member) return null;
    located[digest] = member;
  }
  return located;
}
