import { createHash } from "node:crypto";
import { resolveFile, type TarScan } from "./scan";

export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
export const DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
/** docker save writes layers as plain tars: their digest is their DiffID. */
export const DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
export const DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const INDEX_TYPES = ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];

/** What the registry serves for one image: the manifest's bytes and the archive path of every blob it names. */
export type RegistryImage = {
  manifest: string;
  mediaType: string;
  digest: string;
  /** digest → archive path (config and layers). */
  blobs: Record<string, string>;
};

type Descriptor = { mediaType: string; digest: string; size: number };

const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

function json(scan: TarScan, archivePath: string): unknown {
  const found = resolveFile(scan, archivePath);
  const bytes = found && scan.json.get(found.path);
  return bytes ? JSON.parse(bytes.toString("utf8")) : null;
}

function blob(scan: TarScan, archivePath: string, mediaType: (gzipped: boolean) => string): Descriptor & { path: string } {
  const found = resolveFile(scan, archivePath);
  if (!found) throw new Error(`blob ${archivePath} missing from a verified archive`);
  return { mediaType: mediaType(found.file.gzipped), digest: `sha256:${found.file.sha256}`, size: found.file.size, path: found.path };
}

/**
 * A Docker image manifest (schema 2) for the first image of a `docker save` archive: the config
 * file's bytes as the config blob and each layer file as it is stored (a plain tar, digest =
 * DiffID, or a gzip). The JSON is written with a fixed key order, so the digest is stable.
 */
function fromDockerSave(scan: TarScan): RegistryImage {
  const [image] = json(scan, "manifest.json") as { Config: string; Layers: string[] }[];
  const config = blob(scan, image!.Config, () => DOCKER_CONFIG);
  const layers = image!.Layers.map((p) => blob(scan, p, (gz) => (gz ? DOCKER_LAYER_GZIP : DOCKER_LAYER_TAR)));
  const strip = ({ mediaType, size, digest }: Descriptor) => ({ mediaType, size, digest });
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: strip(config), layers: layers.map(strip) }, null, 3);
  const blobs = Object.fromEntries([config, ...layers].map((d) => [d.digest, d.path]));
  return { manifest, mediaType: DOCKER_MANIFEST, digest: sha256(manifest), blobs };
}

/**
 * An OCI image layout serves its own manifest bytes (so its digest is the one the layout names),
 * following an index to its first image manifest.
 */
function fromOciLayout(scan: TarScan): RegistryImage {
  let descriptor = (json(scan, "index.json") as { manifests: Descriptor[] }).manifests[0]!;
  for (let depth = 0; INDEX_TYPES.includes(descriptor.mediaType) && depth < 3; depth++) {
    descriptor = (json(scan, `blobs/sha256/${descriptor.digest.slice(7)}`) as { manifests: Descriptor[] }).manifests[0]!;
  }
  const manifestPath = `blobs/sha256/${descriptor.digest.slice(7)}`;
  const found = resolveFile(scan, manifestPath)!;
  const manifest = scan.json.get(found.path)!.toString("utf8");
  const parsed = JSON.parse(manifest) as { mediaType?: string; config: Descriptor; layers: Descriptor[] };
  const blobs = Object.fromEntries([parsed.config, ...parsed.layers].map((d) => [d.digest, `blobs/sha256/${d.digest.slice(7)}`]));
  return { manifest, mediaType: parsed.mediaType ?? descriptor.mediaType ?? OCI_MANIFEST, digest: `sha256:${found.file.sha256}`, blobs };
}

/** The registry view of a verified image archive (lib/images/archive/verify.ts has checked it). */
export function deriveRegistryImage(scan: TarScan): RegistryImage {
  if (resolveFile(scan, "manifest.json")) return fromDockerSave(scan);
  return fromOciLayout(scan);
}
