import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { dataDir } from "./env";

/** tus partial and finished uploads, before validation moves them. */
export function uploadsDir(): string {
  return path.join(dataDir(), "uploads");
}

/** Validated image archives, content-addressed: images/sha256/<hex>. */
export function imageArchivePath(sha256: string): string {
  return path.join(dataDir(), "images", "sha256", sha256);
}

export function uploadPath(uploadId: string): string {
  return path.join(uploadsDir(), uploadId);
}

/** Removes a tus upload's data and its metadata sidecar; missing files are fine. */
export function removeUpload(uploadId: string): void {
  fs.rmSync(uploadPath(uploadId), { force: true });
  fs.rmSync(`${uploadPath(uploadId)}.json`, { force: true });
}

/** Moves a file into place, keeping an existing identical copy (same content address). */
export function moveInto(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (fs.existsSync(to)) fs.rmSync(from, { force: true });
  else fs.renameSync(from, to);
}

/**
 * Writes the decompressed content of a gzip file to `to` (through a temporary name, so an existing
 * `to` is always complete); an existing identical copy is kept. The source stays.
 */
export async function gunzipInto(from: string, to: string): Promise<void> {
  if (fs.existsSync(to)) return;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const partial = `${to}.partial-${randomUUID()}`;
  try {
    await pipeline(fs.createReadStream(from, { highWaterMark: 1 << 20 }), createGunzip(), fs.createWriteStream(partial));
    fs.renameSync(partial, to);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}
