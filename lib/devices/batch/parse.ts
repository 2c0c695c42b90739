import "server-only";
import { parse } from "csv-parse";
import fs from "node:fs";
import { pipeline, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { ValidationError } from "@/lib/errors";
import { batchFileProblem, batchFormatByName, type BatchFormat } from "./file-rules";
import { checkXlsxBounds } from "./xlsx-guard";

export const BATCH_COLUMNS = ["node_id", "device_name", "product_id", "auth_type", "secret", "fingerprint"] as const;
export type BatchColumn = (typeof BATCH_COLUMNS)[number];
export type BatchRow = Record<BatchColumn, string>;

export const MAX_BATCH_ROWS = 100_000;

const fail = (key: string): never => {
  throw new ValidationError(key, { file: [key] });
};

/** The format by file name; anything but .csv and .xlsx is refused before it is read. */
export function batchFormatOf(fileName: string): BatchFormat {
  return batchFormatByName(fileName) ?? fail("fileTypeInvalid");
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
 * count, and turns each record into a row.
 */
class RowReader {
  private at: Record<BatchColumn, number> | null = null;
  count = 0;

  push(record: string[]): BatchRow | null {
    if (record.every((cell) => (cell ?? "").trim() === "")) return null;
    if (!this.at) {
      this.at = columnIndexes(record);
      return null;
    }
    if (this.count === MAX_BATCH_ROWS) fail("fileTooManyRows");
    this.count++;
    const row = {} as BatchRow;
    for (const column of BATCH_COLUMNS) row[column] = (record[this.at[column]] ?? "").trim();
    return row;
  }

  finish(): number {
    if (!this.at || this.count === 0) fail("fileNoRows");
    return this.count;
  }
}

/** The file's bytes as text, chunk by chunk; binary garbage named .csv (not UTF-8, NUL bytes) is not a CSV. */
async function* utf8Text(bytes: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<string> {
  // A BOM is dropped by the decoder, also when the file comes in chunks.
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const decode = (chunk?: Buffer): string => {
    let text: string;
    try {
      text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      return fail("fileNotText");
    }
    if (text.includes("\0")) fail("fileNotText");
    return text;
  };
  for await (const chunk of bytes) {
    const text = decode(chunk);
    if (text) yield text;
  }
  const rest = decode();
  if (rest) yield rest;
}

/** CSV records as csv-parse's stream reads them: a file is never held whole, as text or as rows. */
async function* csvRecords(bytes: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<string[]> {
  // CRLF and LF line ends are both accepted by csv-parse.
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 });
  // A refusal of the text (fileNotText) destroys the parser with it, so it reaches the loop below.
  pipeline(Readable.from(utf8Text(bytes)), parser, () => {});
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    fail("csvMalformed");
  } finally {
    parser.destroy(); // a reader that stops early ends the file's stream too
  }
}

/**
 * Streams the workbook instead of loading it whole: loading a 100,000-row sheet costs ~400 MB of
 * memory, streaming a few tens. A workbook of several sheets was refused by checkXlsxBounds
 * already (which one holds the devices would be a guess), so exceljs reads one sheet at most.
 */
async function* xlsxRecords(data: Buffer): AsyncGenerator<string[]> {
  await checkXlsxBounds(data);
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
      worksheets: "emit",
      sharedStrings: "cache",
      hyperlinks: "ignore",
      styles: "ignore",
      entries: "ignore",
    });
    for await (const sheet of workbook) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          cells[col - 1] = cell.text ?? "";
        });
        yield Array.from(cells, (c) => c ?? "");
      }
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    return fail("fileUnreadable");
  }
}

/** How much of a CSV file is decoded and parsed at a time. */
const READ_BYTES = 256 * 1024;

/** A file in memory in READ_BYTES pieces (views, no copies), so it is never decoded to one string. */
function* slices(data: Buffer): Generator<Buffer> {
  for (let at = 0; at < data.length; at += READ_BYTES) yield data.subarray(at, at + READ_BYTES);
}

/** A stored file (its path) or one in memory. */
export type BatchFileSource = string | Buffer;

/**
 * A batch registration file's rows, in file order, read as they are needed: refuses what cannot
 * be a device list (wrong type, size, columns, sheets, no rows, too many rows) when it reaches the
 * problem. Row-level problems are not judged here: they fail their own row when the task runs. An
 * XLSX (at most MAX_BATCH_BYTES, file-rules.ts) is read into memory for its bounds check; a CSV file is streamed.
 */
export async function* readBatchRows(fileName: string, source: BatchFileSource): AsyncGenerator<BatchRow> {
  const size = typeof source === "string" ? fs.statSync(source).size : source.length;
  const problem = batchFileProblem(fileName, size);
  if (problem) fail(problem);
  const format = batchFormatOf(fileName);
  const reader = new RowReader();
  let records: AsyncIterable<string[]>;
  if (format === "xlsx") records = xlsxRecords(typeof source === "string" ? await fs.promises.readFile(source) : source);
  else records = csvRecords(typeof source === "string" ? fs.createReadStream(source, { highWaterMark: READ_BYTES }) : slices(source));
  for await (const record of records) {
    const row = reader.push(record);
    if (row) yield row;
  }
  reader.finish();
}

/** Reads a file as a whole, keeping nothing: its format and how many rows it has, or its refusal. */
export async function readBatchFile(fileName: string, source: BatchFileSource): Promise<{ format: BatchFormat; count: number }> {
  let count = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for await (const _ of readBatchRows(fileName, source)) count++;
  return { format: batchFormatOf(fileName), count };
}
