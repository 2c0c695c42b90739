import { z } from "zod";
import { ArchiveError } from "./errors";
import { resolveFile, type TarScan } from "./scan";

export type ImageFacts = { repoTags: string[]; os: string | null; architecture: string | null };

const digest = z.string().regex(/^sha256:[a-f0-9]{64}$/);

// `docker save` (both the ≤ 24 layout and the 25+ one, whose manifest.json points into blobs/).
const dockerManifest = z
  .array(z.object({ Config: z.string().min(1), RepoTags: z.array(z.string()).nullish(), Layers: z.array(z.string()) }))
  .min(1);
const imageConfig = z.object({
  os: z.string().optional(),
  architecture: z.string().optional(),
  rootfs: z.object({ type: z.literal("layers"), diff_ids: z.array(digest) }),
});
const descriptor = z.object({
  mediaType: z.string(),
  digest,
  annotations: z.record(z.string(), z.string()).optional(),
});
const ociIndex = z.object({ schemaVersion: z.literal(2), manifests: z.array(descriptor).min(1) });
const ociManifest = z.object({ config: descriptor, layers: z.array(descriptor) });

const INDEX_TYPES = ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];

function parseJson<T>(scan: TarScan, archivePath: string, schema: z.ZodType<T>, missing: ArchiveError, invalid: ArchiveError): T {
  const found = resolveFile(scan, archivePath);
  if (!found) throw missing;
  const buffer = scan.json.get(found.path);
  if (!buffer) throw invalid;
  try {
    const parsed = schema.safeParse(JSON.parse(buffer.toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: reported below
  }
  throw invalid;
}

/** A blob named by its digest must hash to it. */
function checkBlobName(archivePath: string, sha256: string): void {
  const named = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(archivePath)?.[1];
  if (named && named !== sha256) throw new ArchiveError("blobDigestMismatch", archivePath);
}

function checkLayers(scan: TarScan, layerPaths: string[], diffIds: string[]): void {
  if (layerPaths.length !== diffIds.length) {
    throw new ArchiveError("layerCountMismatch", `${layerPaths.length} ≠ ${diffIds.length}`);
  }
  layerPaths.forEach((layerPath, i) => {
    const found = resolveFile(scan, layerPath);
    if (!found) throw new ArchiveError("layerMissing", layerPath);
    checkBlobName(found.path, found.file.sha256);
    if (found.file.diffSha256 === null) throw new ArchiveError("layerCorrupt", layerPath);
    if (`sha256:${found.file.diffSha256}` !== diffIds[i]) throw new ArchiveError("diffIdMismatch", layerPath);
    // Docker would refuse it only at deploy time; the archive is refused now instead.
    if (!found.file.tar) throw new ArchiveError("layerNotTar", layerPath);
  });
}

function readConfig(scan: TarScan, configPath: string) {
  const config = parseJson(scan, configPath, imageConfig, new ArchiveError("configMissing", configPath), new ArchiveError("configInvalid", configPath));
  checkBlobName(resolveFile(scan, configPath)!.path, resolveFile(scan, configPath)!.file.sha256);
  return config;
}

function verifyDockerSave(scan: TarScan): ImageFacts {
  const manifest = parseJson(scan, "manifest.json", dockerManifest, new ArchiveError("manifestMissing"), new ArchiveError("manifestInvalid", "manifest.json"));
  const facts: ImageFacts = { repoTags: [], os: null, architecture: null };
  for (const image of manifest) {
    const config = readConfig(scan, image.Config);
    checkLayers(scan, image.Layers, config.rootfs.diff_ids);
    facts.repoTags.push(...(image.RepoTags ?? []));
    facts.os ??= config.os ?? null;
    facts.architecture ??= config.architecture ?? null;
  }
  return facts;
}

const blobPath = (d: string) => `blobs/sha256/${d.slice("sha256:".length)}`;

function verifyOciLayout(scan: TarScan): ImageFacts {
  const invalid = (p: string) => new ArchiveError("manifestInvalid", p);
  const index = parseJson(scan, "index.json", ociIndex, new ArchiveError("manifestMissing"), invalid("index.json"));
  const facts: ImageFacts = { repoTags: [], os: null, architecture: null };
  const pending = index.manifests.map((d) => ({ d, depth: 0 }));
  for (let next = pending.shift(); next; next = pending.shift()) {
    const { d, depth } = next;
    const manifestPath = blobPath(d.digest);
    if (INDEX_TYPES.includes(d.mediaType)) {
      if (depth > 2) throw invalid(manifestPath);
      const nested = parseJson(scan, manifestPath, ociIndex, new ArchiveError("manifestMissing", manifestPath), invalid(manifestPath));
      pending.push(...nested.manifests.map((n) => ({ d: n, depth: depth + 1 })));
      continue;
    }
    const manifest = parseJson(scan, manifestPath, ociManifest, new ArchiveError("manifestMissing", manifestPath), invalid(manifestPath));
    checkBlobName(manifestPath, resolveFile(scan, manifestPath)!.file.sha256);
    const zstd = manifest.layers.find((l) => l.mediaType.includes("zstd"));
    if (zstd) throw new ArchiveError("unsupportedCompression", zstd.digest);
    const config = readConfig(scan, blobPath(manifest.config.digest));
    checkLayers(scan, manifest.layers.map((l) => blobPath(l.digest)), config.rootfs.diff_ids);
    const ref = d.annotations?.["io.containerd.image.name"] ?? d.annotations?.["org.opencontainers.image.ref.name"];
    if (ref) facts.repoTags.push(ref);
    facts.os ??= config.os ?? null;
    facts.architecture ??= config.architecture ?? null;
  }
  return facts;
}

/**
 * Checks that Docker would load the scanned archive: `manifest.json` (docker save, also the
 * Docker 25+ layout) or else an OCI image layout (`oci-layout` + `index.json`); the config and
 * every layer present; as many layers as DiffIDs; each layer's content hashing to its DiffID and reading as a tar.
 */
export function verifyImageArchive(scan: TarScan): ImageFacts {
  if (resolveFile(scan, "manifest.json")) return verifyDockerSave(scan);
  if (resolveFile(scan, "index.json") && resolveFile(scan, "oci-layout")) return verifyOciLayout(scan);
  throw new ArchiveError("manifestMissing");
}
