import "server-only";
import { parse } from "csv-parse/sync";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { ValidationError } from "@/lib/errors";
import { checkXlsxBounds } from "./xlsx-guard";

export const BATCH_COLUMNS = ["node_id", "device_name", "product_id", "auth_type", "secret", "fingerprint"] as const;
export type BatchColumn = (typeof BATCH_COLUMNS)[number];
export type BatchRow = Record<BatchColumn, string>;

export const MAX_BATCH_ROWS = 100_000;
export const MAX_BATCH_BYTES = 20 * 1024 * 1024;

export type BatchFormat = "csv" | "xlsx";

const fail = (key: string): never => {
  throw new ValidationError(key, { file: [key] });
};

/** The format by file name; anything but .csv and .xlsx is refused before it is read. */
export function batchFormatOf(fileName: string): BatchFormat {
  const ext = fileName.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === "csv" || ext === "xlsx") return ext;
  return fail("fileTypeInvalid");
}

/** Header cells to column positions; every template column must be there. */
function columnIndexes(header: string[]): Record<BatchColumn, number> {
  const names = header.map((h) => h.trim().toLowerCase());
  if (names.length === 1 && /[;\t|]/.test(names[0]!)) fail("csvWrongDelimiter");
  const indexes = {} as Record<BatchColumn, number>;
  for (const column of BATCH_COLUMNS) {
    const at = names.indexOf(column);
    if (at < 0) fail("fileMissingColumns");
    indexes[column] = at;
  }
  return indexes;
}

/**
 * Takes a file's records in order (header first), skips blank ones, checks the header and the row
 * count, and hands each row to `onRow`; without `onRow` it only counts, so validating an upload
 * does not hold 100,000 rows in memory.
 */
class RowReader {
  private at: Record<BatchColumn, number> | null = null;
  count = 0;
  constructor(private readonly onRow?: (row: BatchRow) => void) {}

  push(record: string[]): void {
    if (record.every((cell) => (cell ?? "").trim() === "")) return;
    if (!this.at) {
      this.at = columnIndexes(record);
      return;
    }
    if (this.count === MAX_BATCH_ROWS) fail("fileTooManyRows");
    this.count++;
    if (!this.onRow) return;
    const row = {} as BatchRow;
    for (const column of BATCH_COLUMNS) row[column] = (record[this.at[column]] ?? "").trim();
    this.onRow(row);
  }

  finish(): number {
    if (!this.at || this.count === 0) fail("fileNoRows");
    return this.count;
  }
}

function readCsv(data: Buffer, reader: RowReader): void {
  // Binary garbage named .csv: not UTF-8, or with NUL bytes, is not a CSV.
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return fail("fileNotText");
  }
  if (text.includes("\0")) fail("fileNotText");
  let refused: unknown = null;
  try {
    // A BOM is dropped by the decoder; CRLF and LF line ends are both accepted by csv-parse.
    // Records go to the reader one by one and are not collected (on_record returns null).
    parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 64 * 1024,
      on_record: (record: string[]) => {
        if (refused === null) {
          try {
            reader.push(record);
          } catch (error) {
            refused = error;
          }
        }
        return null;
      },
    });
  } catch {
    return fail("csvMalformed");
  }
  if (refused) throw refused;
}

/**
 * Streams the workbook instead of loading it whole: loading a 100,000-row sheet costs ~400 MB of
 * memory, streaming a few tens. Several sheets make it ambiguous which one holds the devices:
 * refused instead of guessed.
 */
async function readXlsx(data: Buffer, reader: RowReader): Promise<void> {
  await checkXlsxBounds(data);
  let sheets = 0;
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
      worksheets: "emit",
      sharedStrings: "cache",
      hyperlinks: "ignore",
      styles: "ignore",
      entries: "ignore",
    });
    for await (const sheet of workbook) {
      if (++sheets > 1) break;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          cells[col - 1] = cell.text ?? "";
        });
        reader.push(Array.from(cells, (c) => c ?? ""));
      }
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    // Leaving the reader after the second sheet's start may end it with a stream error.
    return fail(sheets > 1 ? "xlsxSeveralSheets" : "fileUnreadable");
  }
  if (sheets > 1) fail("xlsxSeveralSheets");
}

/**
 * Reads a batch registration file as a whole, refusing what cannot be a device list (wrong type,
 * size, columns, sheets, no rows, too many rows), and hands each row to `onRow`. Row-level
 * problems are not judged here: they fail their own row when the task runs.
 */
export async function readBatchFile(fileName: string, data: Buffer, onRow?: (row: BatchRow) => void): Promise<{ format: BatchFormat; count: number }> {
  const format = batchFormatOf(fileName);
  if (data.length > MAX_BATCH_BYTES) fail("fileTooLarge");
  if (data.length === 0) fail("fileNoRows");
  const reader = new RowReader(onRow);
  if (format === "csv") readCsv(data, reader);
  else await readXlsx(data, reader);
  return { format, count: reader.finish() };
}

/** The file's rows, for the worker. */
export async function parseBatchFile(fileName: string, data: Buffer): Promise<{ format: BatchFormat; rows: BatchRow[] }> {
  const rows: BatchRow[] = [];
  const { format } = await readBatchFile(fileName, data, (row) => rows.push(row));
  return { format, rows };
}
