/**
 * Why an archive was refused. `code` is a key of the `imageErrors` message catalogue; `detail`
 * names the offending entry, layer or limit.
 */
export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = "ArchiveError";
  }
}

export const ARCHIVE_ERROR_CODES = [
  "notTar",
  "notGzip",
  "gzipNotTar",
  "truncated",
  "unpackedTooLarge",
  "unsafePath",
  "unsafeLink",
  "manifestMissing",
  "manifestInvalid",
  "configMissing",
  "configInvalid",
  "layerMissing",
  "layerCountMismatch",
  "diffIdMismatch",
  "blobDigestMismatch",
  "layerCorrupt",
  "layerNotTar",
  "unsupportedCompression",
  "tooManyMetadataFiles",
  "vmHeaderInvalid",
  "ovaWithoutOvf",
  "emptyFile",
  "fileMissing",
] as const;
export type ArchiveErrorCode = (typeof ARCHIVE_ERROR_CODES)[number];
