import "server-only";
import JSZip from "jszip";
import { ValidationError } from "@/lib/errors";

/** What the parts of one workbook may unpack to, all together: a 100,000-row sheet needs ~40 MB. */
export const MAX_XLSX_UNPACKED_BYTES = 128 * 1024 * 1024;
/** One cell per column per row, plus the header: more distinct strings than that is not a device list. */
export const MAX_SHARED_STRINGS = 700_000;
/** The longest a shared string may be, as for a CSV record. */
export const MAX_SHARED_STRING_BYTES = 64 * 1024;

const fail = (key: string): never => {
  throw new ValidationError(key, { file: [key] });
};

/**
 * Counts `<si>` elements and their lengths in xl/sharedStrings.xml as it inflates, chunk by chunk,
 * without keeping the text: exceljs caches every shared string, so a 2 MB file of repeated strings
 * would otherwise cost a gigabyte before anything refused it.
 */
class SharedStringsCounter {
  count = 0;
  private at = 0; // bytes seen before the current chunk
  private openAt = -1; // where the current <si> began, -1 when none is open
  private carry = "";

  push(chunk: Buffer): void {
    const text = this.carry + chunk.toString("latin1"); // one char per byte: offsets are byte offsets
    const base = this.at - this.carry.length;
    for (const match of text.matchAll(/<si[\s>/]|<\/si>/g)) {
      if (match.index + match[0].length <= this.carry.length) continue; // seen in the last chunk
      const offset = base + match.index;
      if (match[0] === "</si>") {
        if (this.openAt >= 0 && offset - this.openAt > MAX_SHARED_STRING_BYTES) fail("xlsxStringTooLong");
        this.openAt = -1;
      } else {
        if (++this.count > MAX_SHARED_STRINGS) fail("xlsxTooManyStrings");
        this.openAt = offset;
      }
    }
    this.at += chunk.length;
    if (this.openAt >= 0 && this.at - this.openAt > MAX_SHARED_STRING_BYTES) fail("xlsxStringTooLong");
    this.carry = text.slice(-4);
  }
}

/** Inflates one entry through JSZip's stream, counting bytes against `budget`; returns what it took. */
function measure(entry: JSZip.JSZipObject, budget: number, onChunk?: (chunk: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let total = 0;
    let done = false;
    const stop = (error: unknown) => {
      if (done) return;
      done = true;
      stream.pause(); // nothing reads on: JSZip stops inflating
      reject(error);
    };
    const stream = entry.nodeStream("nodebuffer");
    stream
      .on("data", (chunk: Buffer) => {
        if (done) return;
        total += chunk.length;
        if (total > budget) return stop(new ValidationError("xlsxTooLarge", { file: ["xlsxTooLarge"] }));
        try {
          onChunk?.(chunk);
        } catch (error) {
          stop(error);
        }
      })
      .on("error", () => stop(new ValidationError("fileUnreadable", { file: ["fileUnreadable"] })))
      .on("end", () => {
        if (!done) resolve(total);
        done = true;
      });
  });
}

/** The worksheet parts exceljs reads (and emits one reader for each). */
const WORKSHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

/**
 * Refuses a workbook before exceljs reads it when it has several worksheets (which one holds the
 * devices would be a guess), when its parts unpack to more than MAX_XLSX_UNPACKED_BYTES together,
 * or when its shared strings are too many or too long. The sheets are counted in the zip's
 * directory: stopping exceljs's stream at the second sheet raced with its own parsing, and now and
 * then a two-sheet workbook failed as unreadable instead. The sizes in the directory can lie, so
 * every part is inflated and its bytes counted; nothing is kept.
 */
export async function checkXlsxBounds(data: Buffer): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch {
    return fail("fileUnreadable");
  }
  if (Object.keys(zip.files).filter((name) => WORKSHEET_PART.test(name)).length > 1) fail("xlsxSeveralSheets");
  let budget = MAX_XLSX_UNPACKED_BYTES;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const counter = /(^|\/)sharedStrings\.xml$/i.test(entry.name) ? new SharedStringsCounter() : null;
    budget -= await measure(entry, budget, counter ? (chunk) => counter.push(chunk) : undefined);
  }
}
