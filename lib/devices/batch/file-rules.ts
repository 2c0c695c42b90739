// What a batch registration file may be before it is read, shared by the workbench form (checked
// as the file is chosen) and parse.ts (the server, which judges again and then reads the rows).
// No server-only imports: the browser uses it.

export const MAX_BATCH_BYTES = 20 * 1024 * 1024;

export type BatchFormat = "csv" | "xlsx";

/** The format by file name; anything but .csv and .xlsx is null. */
export function batchFormatByName(fileName: string): BatchFormat | null {
  const ext = fileName.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  return ext === "csv" || ext === "xlsx" ? ext : null;
}

/** The error key (namespace `errors`) of a file by its name and size, or null, in the server's order. */
export function batchFileProblem(fileName: string, size: number): string | null {
  if (!batchFormatByName(fileName)) return "fileTypeInvalid";
  if (size > MAX_BATCH_BYTES) return "fileTooLarge";
  if (size === 0) return "fileNoRows";
  return null;
}
