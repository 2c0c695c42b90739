// What a listing image may be, shared by the submit wizard (checked as a file is chosen) and
// image-check.ts (the server, which judges the bytes again). No server-only imports: the browser
// uses it.
import type { MediaKind } from "@/db/enums";

export type MediaType = "image/png" | "image/jpeg";

export const INTRO_IMAGES_MAX = 5;

export const MEDIA_LIMITS: Record<MediaKind, { maxBytes: number; types: MediaType[] }> = {
  logo: { maxBytes: 100 * 1024, types: ["image/png"] },
  showcase: { maxBytes: 1024 * 1024, types: ["image/png", "image/jpeg"] },
  intro: { maxBytes: 1024 * 1024, types: ["image/png", "image/jpeg"] },
};

/** How many leading bytes sniffImage needs. */
export const MEDIA_HEAD_BYTES = 8;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The type by magic number; the name and the browser's type are never trusted. */
export function sniffImage(head: Uint8Array): MediaType | null {
  if (head.length >= 8 && PNG_SIGNATURE.every((byte, i) => head[i] === byte)) return "image/png";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  return null;
}

/**
 * The error key (namespace `errors`) of an image of `size` bytes starting with `head`, or null:
 * empty, too large, or not an allowed type. Whether the whole file is intact is the server's
 * question (image-check.ts), since it needs every byte.
 */
export function mediaProblem(kind: MediaKind, size: number, head: Uint8Array): string | null {
  const limit = MEDIA_LIMITS[kind];
  if (size === 0) return "fileEmpty";
  if (size > limit.maxBytes) return kind === "logo" ? "logoTooLarge" : "mediaTooLarge";
  const type = sniffImage(head);
  if (!type || !limit.types.includes(type)) return kind === "logo" ? "logoNotPng" : "mediaNotImage";
  return null;
}

/** mediaProblem for a file chosen in the browser: reads only its first bytes. */
export async function mediaFileProblem(kind: MediaKind, file: Blob): Promise<string | null> {
  const head = new Uint8Array(await file.slice(0, MEDIA_HEAD_BYTES).arrayBuffer());
  return mediaProblem(kind, file.size, head);
}

/** The file picker's `accept` for a kind: a help for the picker, never a check. */
export const mediaAccept = (kind: MediaKind): string => MEDIA_LIMITS[kind].types.join(",");
