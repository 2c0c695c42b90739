import "server-only";
import { parse } from "csv-parse/sync";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { ValidationError } from "@/lib/errors";

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

function toRows(records: string[][]): BatchRow[] {
  const [header, ...body] = records;
  if (!header) return fail("fileNoRows");
  const at = columnIndexes(header);
  const rows: BatchRow[] = [];
  for (const record of body) {
    if (record.every((cell) => cell.trim() === "")) continue;
    if (rows.length === MAX_BATCH_ROWS) fail("fileTooManyRows");
    const row = {} as BatchRow;
    for (const column of BATCH_COLUMNS) row[column] = (record[at[column]] ?? "").trim();
    rows.push(row);
  }
  if (rows.length === 0) fail("fileNoRows");
  return rows;
}

function parseCsv(data: Buffer): BatchRow[] {
  // Binary garbage named .csv: not UTF-8, or with NUL bytes, is not a CSV.
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return fail("fileNotText");
  }
  if (text.includes("\0")) fail("fileNotText");
  let records: string[][];
  try {
    // A BOM is dropped by the decoder; CRLF and LF line ends are both accepted by csv-parse.
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 });
  } catch {
    return fail("csvMalformed");
  }
  return toRows(records);
}

/**
 * Streams the workbook instead of loading it whole: loading a 100,000-row sheet costs ~400 MB of
 * memory, streaming a few tens. Several sheets make it ambiguous which one holds the devices:
 * refused instead of guessed.
 */
async function parseXlsx(data: Buffer): Promise<BatchRow[]> {
  const records: string[][] = [];
  let sheets = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
      worksheets: "emit",
      sharedStrings: "cache",
      hyperlinks: "ignore",
      styles: "ignore",
      entries: "ignore",
    });
    for await (const sheet of reader) {
      if (++sheets > 1) break;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          cells[col - 1] = cell.text ?? "";
        });
        const record = Array.from(cells, (c) => c ?? "");
        if (record.every((cell) => cell.trim() === "")) continue;
        records.push(record);
        // Header plus one row too many is enough to refuse; no need to read the rest.
        if (records.length > MAX_BATCH_ROWS + 1) fail("fileTooManyRows");
      }
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    return fail("fileUnreadable");
  }
  if (sheets > 1) fail("xlsxSeveralSheets");
  if (sheets === 0) fail("fileNoRows");
  return toRows(records);
}

/**
 * Reads a batch registration file into rows of the template's columns, refusing what cannot be a
 * device list as a whole (wrong type, size, columns, sheets, no rows, too many rows). Row-level
 * problems are not judged here: they fail their own row when the task runs.
 */
export async function parseBatchFile(fileName: string, data: Buffer): Promise<{ format: BatchFormat; rows: BatchRow[] }> {
  const format = batchFormatOf(fileName);
  if (data.length > MAX_BATCH_BYTES) fail("fileTooLarge");
  if (data.length === 0) fail("fileNoRows");
  return { format, rows: format === "csv" ? parseCsv(data) : await parseXlsx(data) };
}
