import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PassThrough, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { ArchiveError } from "./errors";
import { TarCheck } from "./tar-check";

export const MAX_UNPACKED_BYTES = 2 * 1024 ** 3;
const MAX_JSON_ENTRY = 1024 * 1024;
const MAX_JSON_TOTAL = 32 * 1024 * 1024;

export type ScannedFile = {
  size: number;
  /** sha256 of the entry's bytes. */
  sha256: string;
  /** sha256 of the decompressed bytes for a gzip entry (a layer's DiffID), else `sha256`; null if the gzip is corrupt. */
  diffSha256: string | null;
  gzipped: boolean;
  /** Whether the content (decompressed for a gzip entry) reads as a tar, headers only: a layer must. */
  tar: boolean;
};

export type TarScan = {
  /** Bytes of the tar stream (for .tar.gz, after decompression). */
  tarBytes: number;
  files: Map<string, ScannedFile>;
  /** Symlinks and hard links, resolved to archive paths. */
  links: Map<string, string>;
  /** Small entries that look like JSON, kept for the manifest checks. */
  json: Map<string, Buffer>;
};

/** An archive path in canonical form, refusing absolute paths and any `..` segment. */
function safePath(name: string): string {
  const normalized = path.posix.normalize(name.replace(/\/+$/, ""));
  if (name.startsWith("/") || name.includes("\\") || normalized === ".." || normalized.startsWith("../") || name.split("/").includes("..")) {
    throw new ArchiveError("unsafePath", name);
  }
  return normalized.replace(/^\.\//, "");
}

function linkTarget(entryName: string, type: string, linkname: string): string {
  if (!linkname || linkname.startsWith("/")) throw new ArchiveError("unsafeLink", `${entryName} -> ${linkname}`);
  // Symlinks are relative to their own folder; hard links name an archive path.
  const joined = type === "symlink" ? path.posix.join(path.posix.dirname(entryName), linkname) : linkname;
  const resolved = path.posix.normalize(joined);
  if (resolved === ".." || resolved.startsWith("../")) throw new ArchiveError("unsafeLink", `${entryName} -> ${linkname}`);
  return resolved.replace(/^\.\//, "");
}

/** Counts the bytes that pass and stops the stream once they exceed `limit`. */
function byteLimit(limit: number, counter: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      if (counter.bytes > limit) callback(new ArchiveError("unpackedTooLarge", String(limit)));
      else callback(null, chunk);
    },
  });
}

async function hashEntry(entry: AsyncIterable<Buffer>, layerBytes: { bytes: number }, keepJson: boolean) {
  const raw = createHash("sha256");
  let gunzip: ReturnType<typeof createGunzip> | null = null;
  let diff: ReturnType<typeof createHash> | null = null;
  let unpacking: Promise<void> | null = null;
  // Outcomes of the decompression, kept rather than thrown so no rejection goes unhandled meanwhile.
  const outcome: { corrupt: boolean; limit: ArchiveError | null } = { corrupt: false, limit: null };
  const kept: Buffer[] = [];
  // Every entry is walked as a tar while it is hashed: which entries are layers is known only once
  // manifest.json (often the last entry) is read, and a second pass would double the time.
  const tarCheck = new TarCheck();
  let first = true;
  for await (const chunk of entry) {
    if (first) {
      first = false;
      if (chunk[0] === 0x1f && chunk[1] === 0x8b) {
        gunzip = createGunzip();
        const sink = (diff = createHash("sha256"));
        // Decompressed layer bytes count against the same limit: a gzip layer bomb only burns CPU until it trips.
        unpacking = pipeline(
          gunzip,
          byteLimit(MAX_UNPACKED_BYTES, layerBytes),
          new PassThrough().on("data", (c: Buffer) => {
            sink.update(c);
            tarCheck.push(c);
          }),
        ).catch((error) => {
          if (error instanceof ArchiveError) outcome.limit = error;
          else outcome.corrupt = true;
        });
      } else if (!keepJson || (chunk[0] !== 0x7b && chunk[0] !== 0x5b)) {
        keepJson = false;
      }
    }
    raw.update(chunk);
    if (!gunzip) tarCheck.push(chunk);
    if (keepJson) kept.push(chunk);
    if (gunzip && !gunzip.destroyed && !gunzip.write(chunk)) {
      const stream = gunzip;
      await new Promise((resolve) => {
        stream.once("drain", resolve);
        stream.once("close", resolve);
      });
    }
  }
  if (gunzip && !gunzip.destroyed) gunzip.end();
  await unpacking;
  if (outcome.limit) throw outcome.limit;
  const sha256 = raw.digest("hex");
  return {
    sha256,
    gzipped: gunzip !== null,
    diffSha256: gunzip ? (outcome.corrupt ? null : diff!.digest("hex")) : sha256,
    json: keepJson && !first ? Buffer.concat(kept) : null,
    tar: await tarCheck.ok(),
  };
}

function mapStreamError(error: unknown, gzipped: boolean): ArchiveError {
  if (error instanceof ArchiveError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code ?? "";
  if (code === "Z_BUF_ERROR" || /unexpected end of (file|data)/i.test(message)) return new ArchiveError("truncated");
  if (code.startsWith("Z_")) return new ArchiveError("notGzip");
  if (/invalid tar header/i.test(message)) return new ArchiveError(gzipped ? "gzipNotTar" : "notTar");
  return new ArchiveError(gzipped ? "gzipNotTar" : "notTar", message);
}

/**
 * Reads a tar (or .tar.gz) once, as a stream: checks every entry's path and link, hashes every
 * file (and the decompressed content of gzip entries), and keeps small JSON entries. Nothing is
 * written to disk, and decompression stops at 2 GiB.
 */
export async function scanTar(file: string, gzipped: boolean): Promise<TarScan> {
  const scan: TarScan = { tarBytes: 0, files: new Map(), links: new Map(), json: new Map() };
  const tarCounter = { bytes: 0 };
  const layerBytes = { bytes: 0 };
  let jsonBytes = 0;
  const extract = tar.extract();
  const source = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  const feeding = gzipped
    ? pipeline(source, createGunzip(), byteLimit(MAX_UNPACKED_BYTES, tarCounter), extract)
    : pipeline(source, byteLimit(Infinity, tarCounter), extract);
  feeding.catch(() => {}); // surfaced through the entry loop below

  try {
    for await (const entry of extract) {
      const { name, type, linkname, size } = entry.header;
      const entryPath = safePath(name);
      if (type === "symlink" || type === "link") {
        scan.links.set(entryPath, linkTarget(entryPath, type, linkname ?? ""));
        entry.resume();
      } else if (type === "file" || type === "contiguous-file") {
        const keepJson = (size ?? 0) <= MAX_JSON_ENTRY;
        const hashed = await hashEntry(entry as AsyncIterable<Buffer>, layerBytes, keepJson);
        scan.files.set(entryPath, { size: size ?? 0, sha256: hashed.sha256, diffSha256: hashed.diffSha256, gzipped: hashed.gzipped, tar: hashed.tar });
        if (hashed.json) {
          jsonBytes += hashed.json.length;
          if (jsonBytes > MAX_JSON_TOTAL) throw new ArchiveError("tooManyMetadataFiles");
          scan.json.set(entryPath, hashed.json);
        }
      } else {
        entry.resume();
      }
    }
    await feeding;
  } catch (error) {
    extract.destroy();
    throw mapStreamError(error, gzipped);
  }
  scan.tarBytes = tarCounter.bytes;
  if (scan.files.size === 0 && scan.links.size === 0) throw new ArchiveError(gzipped ? "gzipNotTar" : "notTar");
  return scan;
}

/** Follows links inside the archive to the file an archive path names. */
export function resolveFile(scan: TarScan, archivePath: string): { path: string; file: ScannedFile } | null {
  let current = path.posix.normalize(archivePath).replace(/^\.\//, "");
  for (let hops = 0; hops < 16; hops++) {
    const file = scan.files.get(current);
    if (file) return { path: current, file };
    const next = scan.links.get(current);
    if (!next) return null;
    current = next;
  }
  return null;
}
