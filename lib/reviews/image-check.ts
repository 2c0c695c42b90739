import "server-only";
import zlib from "node:zlib";
import { imageSize } from "image-size";
import type { MediaKind } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import { mediaProblem, sniffImage, type MediaType } from "./media-limits";

export type CheckedImage = { bytes: Buffer; contentType: MediaType; width: number; height: number };

/**
 * Walks every PNG chunk and checks its CRC up to IEND: image-size only reads the header, so a PNG
 * whose body was cut or corrupted would otherwise pass.
 */
function pngIntact(bytes: Buffer): boolean {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > bytes.length) return false;
    const crc = bytes.readUInt32BE(at + 8 + length);
    if (zlib.crc32(bytes.subarray(at + 4, at + 8 + length)) !== crc) return false;
    if (bytes.toString("latin1", at + 4, at + 8) === "IEND") return true;
    at = end;
  }
  return false;
}

/** JPEG has no checksums; a whole file starts with SOI and ends with EOI. */
function jpegIntact(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
}

/**
 * Judges an uploaded image by its bytes alone (the name and the browser's type are ignored):
 * the browser's checks (media-limits.ts: size, magic number of an allowed type), then intact
 * structure and readable dimensions.
 * `field` names the form field the error belongs to.
 */
export function checkImage(kind: MediaKind, field: string, bytes: Buffer): CheckedImage {
  const fail = (key: string) => new ValidationError("invalidInput", { [field]: [key] });
  const problem = mediaProblem(kind, bytes.length, bytes);
  if (problem) throw fail(problem);
  const contentType = sniffImage(bytes)!;
  if (!(contentType === "image/png" ? pngIntact(bytes) : jpegIntact(bytes))) throw fail("mediaCorrupt");
  try {
    const { width, height } = imageSize(bytes);
    if (!width || !height) throw fail("mediaCorrupt");
    return { bytes, contentType, width, height };
  } catch {
    throw fail("mediaCorrupt");
  }
}
