import "server-only";
import JSZip from "jszip";
import { ValidationError } from "@/lib/errors";
import { MAX_ZIP_BYTES } from "./schema";

export const MAX_UNPACKED_BYTES = 5 * 1024 * 1024;
export const SPEC_FILE = "spec.json";

/** Names that could escape a directory if anyone ever wrote them out: never used. */
export function isUnsafeEntryName(name: string): boolean {
  const normalized = name.replace(/\\/g, "/");
  return normalized.startsWith("/") || /^[a-zA-Z]:/.test(normalized) || normalized.split("/").includes("..");
}

/** Refuses an upload by its size alone, before a byte of it is parsed. */
export function checkZipSize(size: number): void {
  if (!Number.isFinite(size) || size <= 0) throw new ValidationError("zipEmpty");
  if (size > MAX_ZIP_BYTES) throw new ValidationError("zipTooLarge");
}

/** The form's chosen .zip, refused by its size before a byte of it is read. */
export async function readZipUpload(file: File | undefined): Promise<Uint8Array> {
  if (!file?.size) throw new ValidationError("zipMissing", { file: ["zipMissing"] });
  checkZipSize(file.size);
  return new Uint8Array(await file.arrayBuffer());
}

/**
 * Inflates one entry through JSZip's Node stream, counting bytes as they come, and stops once past
 * `limit`: what counts is what the data inflates to, never what a header declares.
 */
function inflate(entry: JSZip.JSZipObject, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const stream = entry.nodeStream("nodebuffer");
    stream
      .on("data", (chunk: Buffer) => {
        if (done) return;
        total += chunk.length;
        if (total > limit) {
          done = true;
          stream.pause(); // nothing reads on: JSZip stops inflating
          reject(new ValidationError("zipBomb"));
          return;
        }
        chunks.push(chunk);
      })
      .on("error", () => {
        if (!done) reject(new ValidationError("zipInvalid"));
        done = true;
      })
      .on("end", () => {
        if (!done) resolve(Buffer.concat(chunks));
        done = true;
      });
  });
}

/**
 * The text of spec.json in an uploaded zip. Nothing is ever written to disk: entries with `..` or
 * absolute paths are ignored, and every other entry is inflated in memory against one 5 MB budget,
 * so a zip that unpacks to more is refused however small its headers say it is.
 */
export async function readSpecJsonFromZip(bytes: Uint8Array): Promise<string> {
  checkZipSize(bytes.byteLength);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new ValidationError("zipInvalid");
  }
  // JSZip resolves ".." in `name` ("../spec.json" becomes "spec.json"); judge the name as stored.
  const entries = Object.values(zip.files).filter((e) => !e.dir && !isUnsafeEntryName(e.unsafeOriginalName ?? e.name));
  const unpacked = new Map<JSZip.JSZipObject, Buffer>();
  let budget = MAX_UNPACKED_BYTES;
  for (const entry of entries) {
    const data = await inflate(entry, budget);
    budget -= data.length;
    unpacked.set(entry, data);
  }
  const spec = entries.find((e) => e.name === SPEC_FILE) ?? onlyNested(entries);
  if (!spec) throw new ValidationError("specFileMissing");
  return unpacked.get(spec)!.toString("utf8").replace(/^\uFEFF/, "");
}

/** Zips made by file managers often wrap everything in one folder: accept `<folder>/spec.json`. */
function onlyNested(entries: JSZip.JSZipObject[]): JSZip.JSZipObject | undefined {
  const nested = entries.filter((e) => e.name.split("/").length === 2 && e.name.endsWith(`/${SPEC_FILE}`));
  return nested.length === 1 ? nested[0] : undefined;
}

/** A zip with fixed entry dates, so exporting the same spec twice gives the same bytes. */
export async function buildZip(files: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  const date = new Date(Date.UTC(2020, 0, 1));
  for (const [name, text] of Object.entries(files)) zip.file(name, text, { date });
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 9 } });
}
