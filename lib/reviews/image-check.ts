import "server-only";
import zlib from "node:zlib";
import { imageSize } from "image-size";
import type { MediaKind } from "@/db/schema";
import { ValidationError } from "@/lib/errors";

export const MEDIA_LIMITS: Record<MediaKind, { maxBytes: number; types: ("image/png" | "image/jpeg")[] }> = {
  logo: { maxBytes: 100 * 1024, types: ["image/png"] },
  showcase: { maxBytes: 1024 * 1024, types: ["image/png", "image/jpeg"] },
  intro: { maxBytes: 1024 * 1024, types: ["image/png", "image/jpeg"] },
};

export type CheckedImage = { bytes: Buffer; contentType: "image/png" | "image/jpeg"; width: number; height: number };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

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

function sniff(bytes: Buffer): "image/png" | "image/jpeg" | null {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  return null;
}

/**
 * Judges an uploaded image by its bytes alone (the name and the browser's type are ignored):
 * size limit, magic number of an allowed type, intact structure and readable dimensions.
 * `field` names the form field the error belongs to.
 */
export function checkImage(kind: MediaKind, field: string, bytes: Buffer): CheckedImage {
  const fail = (key: string) => new ValidationError("invalidInput", { [field]: [key] });
  const limit = MEDIA_LIMITS[kind];
  if (bytes.length === 0) throw fail("fileEmpty");
  if (bytes.length > limit.maxBytes) throw fail(kind === "logo" ? "logoTooLarge" : "mediaTooLarge");
  const contentType = sniff(bytes);
  if (!contentType || !limit.types.includes(contentType)) throw fail(kind === "logo" ? "logoNotPng" : "mediaNotImage");
  if (!(contentType === "image/png" ? pngIntact(bytes) : jpegIntact(bytes))) throw fail("mediaCorrupt");
  try {
    const { width, height } = imageSize(bytes);
    if (!width || !height) throw fail("mediaCorrupt");
    return { bytes, contentType, width, height };
  } catch {
    throw fail("mediaCorrupt");
  }
}
