import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { batchTaskItems, batchTasks, devices } from "@/db/schema";
import { readBatchRows } from "@/lib/devices/batch/parse";
import { registerBatch, uploadBatchFile } from "@/lib/devices/batch/service";
import { createProduct } from "@/lib/devices/service";
import { drainJobs } from "@/lib/jobs/worker";
import { makeUser } from "../support/users";

// The worker streams a stored file (256 KB reads) instead of holding its rows: these files are big
// enough for many reads, and their problems sit far from the start.
const HEADER = "node_id,device_name,product_id,auth_type,secret,fingerprint";
const csv = (lines: string[]) => Buffer.from([HEADER, ...lines].join("\r\n") + "\r\n");
const buyerWithProduct = async () => {
  const user = await makeUser(["buyer"]);
  return { user, product: createProduct(user, { name: "meters", protocol: "MQTT", deviceType: "meter", manufacturer: "acme" }) };
};
const taskOf = (id: string) => getDb().select().from(batchTasks).where(eq(batchTasks.id, id)).get()!;
const failedOf = (id: string) =>
  getDb()
    .select({ idx: batchTaskItems.idx, nodeId: batchTaskItems.nodeId, errorCode: batchTaskItems.errorCode })
    .from(batchTaskItems)
    .where(eq(batchTaskItems.taskId, id))
    .all()
    .filter((i) => i.errorCode !== null);

describe("streamed batch files", () => {
  it("fails exactly the bad rows deep in a large CSV, by their row numbers", async () => {
    const { user, product } = await buyerWithProduct();
    const rows = Array.from({ length: 30_000 }, (_, i) => `n${i},Meter ${i},${product.id},SECRET,,`);
    rows[24_321] = `bad node,,${product.id},SECRET,,`;
    rows[29_998] = `n5,,${product.id},SECRET,,`; // n5 again, far from the first
    const task = await registerBatch(user, { name: "big.csv", data: csv(rows) });
    await drainJobs();
    expect(taskOf(task.id)).toMatchObject({ status: "PartialSuccess", total: 30_000, success: 29_998, fail: 2 });
    expect(failedOf(task.id)).toEqual([
      { idx: 24_321, nodeId: "bad node", errorCode: "nodeIdInvalid" },
      { idx: 29_998, nodeId: "n5", errorCode: "nodeIdDuplicateInFile" },
    ]);
    const n = getDb().$client.prepare("select count(*) as n from devices where product_id = ?").get(product.id) as { n: number };
    expect(n.n).toBe(29_998);
  });

  it("keeps multi-byte names whole where the file's reads split them", async () => {
    const { user, product } = await buyerWithProduct();
    // 3-byte characters of odd-length lines: some read boundary falls inside a character.
    const rows = Array.from({ length: 20_000 }, (_, i) => `m${i},电表${"东".repeat(i % 7)},${product.id},,,`);
    const task = await registerBatch(user, { name: "names.csv", data: csv(rows) });
    await drainJobs();
    expect(taskOf(task.id)).toMatchObject({ status: "Success", success: 20_000 });
    const names = getDb().select({ nodeId: devices.nodeId, name: devices.name }).from(devices).where(eq(devices.productId, product.id)).all();
    const wrong = names.filter((d) => d.name !== `电表${"东".repeat(Number(d.nodeId.slice(1)) % 7)}`);
    expect(wrong).toEqual([]);
  });

  it("refuses a malformed record or a NUL byte far into an upload, storing nothing", async () => {
    const user = await makeUser(["buyer"]);
    const rows = Array.from({ length: 50_000 }, (_, i) => `n${i},,p,,,`);
    const quote = [...rows];
    quote[45_000] = `n45000,"unclosed,p,,,`;
    await expect(uploadBatchFile(user, { name: "q.csv", data: csv(quote) })).rejects.toThrow("csvMalformed");
    const nul = csv(rows);
    nul[nul.length - 10] = 0;
    await expect(uploadBatchFile(user, { name: "z.csv", data: nul })).rejects.toThrow("fileNotText");
    const invalid = Buffer.concat([csv(rows), Buffer.from([0xc3, 0x28, 0x0a])]);
    await expect(uploadBatchFile(user, { name: "u.csv", data: invalid })).rejects.toThrow("fileNotText");
  });

  it("hands rows out before it has read the whole file", async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `n${i},,p,,,`);
    rows[49_000] = `n49000,"unclosed,p,,,`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "batch-")), "d.csv");
    fs.writeFileSync(file, csv(rows));
    const seen: string[] = [];
    const reading = (async () => {
      for await (const row of readBatchRows("d.csv", file)) seen.push(row.node_id);
    })();
    await expect(reading).rejects.toThrow("csvMalformed");
    // Every row before the broken record came out, in order, before the refusal.
    expect(seen).toHaveLength(49_000);
    expect(seen.at(-1)).toBe("n48999");
  });

  it("registers an XLSX row by row, with its bad rows at their row numbers", async () => {
    const { user, product } = await buyerWithProduct();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("devices");
    sheet.addRow(HEADER.split(","));
    for (let i = 0; i < 2_500; i++) sheet.addRow([i === 2_222 ? "x/y" : `x${i}`, `Meter ${i}`, product.id, "SECRET", "", ""]);
    const task = await registerBatch(user, { name: "devices.xlsx", data: Buffer.from(await workbook.xlsx.writeBuffer()) });
    await drainJobs();
    expect(taskOf(task.id)).toMatchObject({ status: "PartialSuccess", success: 2_499, fail: 1 });
    expect(failedOf(task.id)).toEqual([{ idx: 2_222, nodeId: "x/y", errorCode: "nodeIdInvalid" }]);
  });
});
