import { describe, expect, it } from "vitest";
import { batchFileProblem, batchFormatByName, MAX_BATCH_BYTES } from "@/lib/devices/batch/file-rules";

// What the batch registration form refuses as a file is chosen; parse.ts refuses the same first.

describe("batch file rules shared by the workbench form and the server", () => {
  it("knows the format by the name's extension, in any case", () => {
    expect(batchFormatByName("devices.CSV")).toBe("csv");
    expect(batchFormatByName("list.xlsx")).toBe("xlsx");
    expect(batchFormatByName("list.xls")).toBeNull();
    expect(batchFormatByName("csv")).toBeNull();
  });

  it("refuses in the server's order: type, then size, then emptiness", () => {
    expect(batchFileProblem("devices.txt", 0)).toBe("fileTypeInvalid");
    expect(batchFileProblem("devices.csv", MAX_BATCH_BYTES + 1)).toBe("fileTooLarge");
    expect(batchFileProblem("devices.csv", 0)).toBe("fileNoRows");
    expect(batchFileProblem("devices.xlsx", MAX_BATCH_BYTES)).toBeNull();
  });
});
