import fs from "node:fs";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { batchFiles, batchTaskItems, batchTasks, devices, jobs } from "@/db/schema";
import { openSecret } from "@/lib/secrets/seal";
const decryptDevice = (deviceId: string, stored: string) => openSecret("device-secret", deviceId, stored);
import { listTaskItems } from "@/lib/devices/batch/queries";
import { batchTaskHandler, runBatchTask } from "@/lib/devices/batch/run-task";
import { batchFilesDir, createBatchTask, registerBatch, retryFailedItems, takeGeneratedSecrets, uploadBatchFile } from "@/lib/devices/batch/service";
import { listDevices } from "@/lib/devices/queries";
import { deviceListQuerySchema } from "@/lib/devices/schema";
import { createProduct, registerDevice } from "@/lib/devices/service";
import { drainJobs } from "@/lib/jobs/worker";
import { makeUser } from "../support/users";


const HEADER = "node_id,device_name,product_id,auth_type,secret,fingerprint";
const csv = (lines: string[], eol = "\n") => Buffer.from([HEADER, ...lines].join(eol) + eol);
const buyerWithProduct = async (protocol: "MQTT" | "CoAP" = "MQTT") => {
  const user = await makeUser(["buyer"]);
  return { user, product: createProduct(user, { name: "meters", protocol, deviceType: "meter", manufacturer: "acme" }) };
};
const taskOf = (id: string) => getDb().select().from(batchTasks).where(eq(batchTasks.id, id)).get()!;
const itemsOf = (id: string) => getDb().select().from(batchTaskItems).where(eq(batchTaskItems.taskId, id)).orderBy(batchTaskItems.idx).all();
async function refusal(name: string, data: Buffer): Promise<string> {
  const user = await makeUser(["buyer"]);
  try {
    await uploadBatchFile(user, { name, data });
  } catch (error) {
    expect(getDb().select().from(batchFiles).where(eq(batchFiles.ownerId, user.id)).all()).toEqual([]);
    return (error as Error).message;
  }
  return "accepted";
}

describe("batch registration", () => {
  it("registers good rows and fails bad ones with their reasons, duplicates included", async () => {
    const { user, product } = await buyerWithProduct();
    registerDevice(user, { productId: product.id, nodeId: "existing" });
    const task = await registerBatch(user, {
      name: "devices.csv",
      data: csv([
        `a1,Meter A1,${product.id},SECRET,,`,
        `a2,,${product.id},,given-secret-1,`,
        `a1,Again,${product.id},SECRET,,`,
        `existing,,${product.id},SECRET,,`,
        `has space,,${product.id},SECRET,,`,
        `${"x".repeat(65)},,${product.id},SECRET,,`,
        `s7,,${product.id},SECRET,1234567,`,
        `s33,,${product.id},SECRET,${"y".repeat(33)},`,
        `c1,,${product.id},CERTIFICATES,,${"a".repeat(39)}`,
        `c2,,${product.id},CERTIFICATES,,${"AB:".repeat(19)}AB`,
        `p1,,not-mine,SECRET,,`,
      ]),
    });
    expect(task.status).toBe("Initializing");
    await drainJobs();
    expect(taskOf(task.id)).toMatchObject({ status: "PartialSuccess", total: 11, success: 3, fail: 8 });
    const items = itemsOf(task.id);
    expect(items.map((i) => [i.nodeId.slice(0, 10), i.status, i.errorCode])).toEqual([
      ["a1", "Success", null],
      ["a2", "Success", null],
      ["a1", "Fail", "nodeIdDuplicateInFile"],
      ["existing", "Fail", "nodeIdTaken"],
      ["has space", "Fail", "nodeIdInvalid"],
      ["xxxxxxxxxx", "Fail", "nodeIdTooLong"],
      ["s7", "Fail", "secretLength"],
      ["s33", "Fail", "secretLength"],
      ["c1", "Fail", "fingerprintInvalid"],
      ["c2", "Success", null],
      ["p1", "Fail", "productNotFound"],
    ]);
    expect(items[0]).toMatchObject({ deviceId: `${product.id}_a1`, secretEnc: null, secretGenerated: true });
    expect(items[1]!.secretGenerated).toBe(false);
    const a2 = getDb().select().from(devices).where(eq(devices.id, `${product.id}_a2`)).get()!;
    expect(decryptDevice(a2.id, a2.secretEnc!)).toBe("given-secret-1");
    // The uploaded file, which held secrets in clear, is gone.
    expect(fs.readdirSync(batchFilesDir())).toEqual([]);

    const failed = listTaskItems(user, task.id, { status: "Fail", limit: 5 });
    expect(failed.total).toBe(8);
    expect(failed.rows.map((r) => r.idx)).toEqual([2, 3, 4, 5, 6]);
  });

  it("hands the generated secrets out once, to the owner only", async () => {
    const { user, product } = await buyerWithProduct();
    const other = await makeUser(["buyer"]);
    const task = await registerBatch(user, { name: "d.csv", data: csv([`g1,,${product.id},,,`, `g2,,${product.id},,mine-secret,`]) });
    await drainJobs();
    expect(() => takeGeneratedSecrets(other, task.id)).toThrow("taskNotFound");
    const file = takeGeneratedSecrets(user, task.id);
    const lines = file.trim().split("\r\n");
    expect(lines[0]).toBe("node_id,device_id,secret");
    expect(lines).toHaveLength(2);
    const [, deviceId, secret] = lines[1]!.split(",");
    expect(deviceId).toBe(`${product.id}_g1`);
    expect(decryptDevice(deviceId!, getDb().select().from(devices).where(eq(devices.id, deviceId!)).get()!.secretEnc!)).toBe(secret);
    expect(() => takeGeneratedSecrets(user, task.id)).toThrow("secretsGone");
  });

  it("writes node ids a spreadsheet would run as formulas with a leading quote", async () => {
    const { user, product } = await buyerWithProduct();
    const task = await registerBatch(user, { name: "d.csv", data: csv([`-2-3,,${product.id},,,`, `plain-1,,${product.id},,,`]) });
    await drainJobs();
    expect(taskOf(task.id)).toMatchObject({ success: 2 });
    const lines = takeGeneratedSecrets(user, task.id).trim().split("\r\n");
    const [quoted, plain] = [lines[1]!.split(","), lines[2]!.split(",")];
    expect(quoted.slice(0, 2)).toEqual(["'-2-3", `${product.id}_-2-3`]);
    expect(plain.slice(0, 2)).toEqual(["plain-1", `${product.id}_plain-1`]);
    // The secret itself is never altered: it still opens the device's stored one.
    expect(decryptDevice(`${product.id}_-2-3`, getDb().select().from(devices).where(eq(devices.id, `${product.id}_-2-3`)).get()!.secretEnc!)).toBe(quoted[2]);
  });

  it("re-runs only the failed rows", async () => {
    const { user, product } = await buyerWithProduct();
    const task = await registerBatch(user, { name: "d.csv", data: csv([`r1,,${product.id},,,`, `r2,,later-product,,,`]) });
    await drainJobs();
    expect(taskOf(task.id)).toMatchObject({ status: "PartialSuccess", success: 1, fail: 1 });
    const stranger = await makeUser(["buyer"]);
    expect(() => retryFailedItems(stranger, task.id)).toThrow("taskNotFound");
    // The buyer fixes the cause (here: the row's product now exists under that id) and retries.
    getDb().update(batchTaskItems).set({ productId: product.id }).where(eq(batchTaskItems.nodeId, "r2")).run();
    retryFailedItems(user, task.id);
    expect(taskOf(task.id).status).toBe("Processing");
    await drainJobs();
    expect(taskOf(task.id)).toMatchObject({ status: "Success", success: 2, fail: 0 });
    expect(() => retryFailedItems(user, task.id)).toThrow("taskNoFailures");
  });

  it("resumes after a crash mid-task without registering any row twice", async () => {
    const { user, product } = await buyerWithProduct();
    const rows = Array.from({ length: 1500 }, (_, i) => `n${i},,${product.id},,,`);
    const task = await registerBatch(user, { name: "big.csv", data: csv(rows) });
    const job = getDb().select().from(jobs).where(eq(jobs.subjectId, task.id)).get()!;
    // The process dies after its first chunk: the signal is already aborted, so the run stops there.
    await expect(runBatchTask(job, AbortSignal.abort(new Error("crash")))).rejects.toThrow("crash");
    expect(taskOf(task.id)).toMatchObject({ status: "Processing", success: 1000 });
    // Another process takes the job over once the lease lapses.
    getDb().update(jobs).set({ status: "queued", runAt: 0 }).where(eq(jobs.id, job.id)).run();
    await drainJobs();
    expect(taskOf(task.id)).toMatchObject({ status: "Success", success: 1500, fail: 0 });
    const n = getDb().$client.prepare("select count(*) as n from devices where product_id = ?").get(product.id) as { n: number };
    expect(n.n).toBe(1500);
    expect(itemsOf(task.id).map((i) => i.idx)).toEqual(Array.from({ length: 1500 }, (_, i) => i));
  });

  it("removes uploads no task used within a day, and refuses tasks on them", async () => {
    const { user, product } = await buyerWithProduct();
    const old = await uploadBatchFile(user, { name: "old.csv", data: csv([`o1,,${product.id},,,`]) });
    const oldPath = getDb().select().from(batchFiles).where(eq(batchFiles.id, old.id)).get()!.path!;
    getDb().update(batchFiles).set({ createdAt: new Date(Date.now() - 25 * 60 * 60 * 1000) }).where(eq(batchFiles.id, old.id)).run();
    await uploadBatchFile(user, { name: "new.csv", data: csv([`n1,,${product.id},,,`]) });
    expect(fs.existsSync(oldPath)).toBe(false);
    expect(() => createBatchTask(user, { fileId: old.id })).toThrow("batchFileUsed");
  });

  it("counts a long list up to 10,000 and says there are more", async () => {
    const { user, product } = await buyerWithProduct();
    await registerBatch(user, { name: "many.csv", data: csv(Array.from({ length: 10_001 }, (_, i) => `m${i},,${product.id},,,`)) });
    await drainJobs();
    const page = listDevices(user, deviceListQuerySchema.parse({ page: "500" }));
    expect(page).toMatchObject({ total: 10_000, totalCapped: true, hasNext: true });
    expect(page.rows.at(-1)!.nodeId).toBe("m1");
    expect(listDevices(user, deviceListQuerySchema.parse({ page: "501" })).rows.map((r) => r.nodeId)).toEqual(["m0"]);
  });

  it("fails the whole task when its file vanished before the worker read it", async () => {
    const { user, product } = await buyerWithProduct();
    const task = await registerBatch(user, { name: "d.csv", data: csv([`v1,,${product.id},,,`]) });
    fs.rmSync(batchFilesDir(), { recursive: true });
    await drainJobs();
    expect(taskOf(task.id)).toMatchObject({ status: "Fail", error: "batchFileMissing" });
  });

  it("gives up after repeated crashes, failing the task and removing its file", async () => {
    const { user, product } = await buyerWithProduct();
    const task = await registerBatch(user, { name: "d.csv", data: csv([`x1,,${product.id},,,`]) });
    const job = getDb().select().from(jobs).where(eq(jobs.subjectId, task.id)).get()!;
    const filePath = getDb().select().from(batchFiles).where(eq(batchFiles.id, task.fileId)).get()!.path!;
    expect(fs.existsSync(filePath)).toBe(true);
    batchTaskHandler.onGiveUp(job);
    expect(taskOf(task.id)).toMatchObject({ status: "Fail", error: "taskCrashed" });
    expect(fs.existsSync(filePath)).toBe(false);
    await drainJobs(); // the queued job finds a finished task and leaves it alone
    expect(taskOf(task.id)).toMatchObject({ status: "Fail", success: 0 });
  });
});

describe("batch files", () => {
  it("accepts a BOM, CRLF line ends, quoted cells and an XLSX with one sheet", async () => {
    const { user, product } = await buyerWithProduct();
    const bomCrlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv([`b1,"Meter, east",${product.id},,,`], "\r\n")]);
    expect(await uploadBatchFile(user, { name: "bom.csv", data: bomCrlf })).toMatchObject({ rows: 1 });
    const task = await registerBatch(user, { name: "bom.csv", data: bomCrlf });
    await drainJobs();
    expect(itemsOf(task.id)[0]).toMatchObject({ nodeId: "b1", deviceName: "Meter, east", status: "Success" });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("devices");
    sheet.addRow(HEADER.split(","));
    sheet.addRow([123, "X", product.id, "SECRET", "", ""]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const xTask = await registerBatch(user, { name: "devices.XLSX", data: xlsx });
    await drainJobs();
    expect(itemsOf(xTask.id)[0]).toMatchObject({ nodeId: "123", status: "Success" });
  });

  it("refuses files that cannot be a device list, storing nothing", async () => {
    const header = Buffer.from(`${HEADER}\n`);
    expect(await refusal("d.csv", Buffer.from("node_id,device_name\na,b\n"))).toBe("fileMissingColumns");
    expect(await refusal("d.csv", Buffer.from(`${HEADER.replaceAll(",", ";")}\na;b;c;;;\n`))).toBe("csvWrongDelimiter");
    expect(await refusal("d.csv", header)).toBe("fileNoRows");
    expect(await refusal("d.csv", Buffer.alloc(0))).toBe("fileNoRows");
    expect(await refusal("d.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]))).toBe("fileNotText");
    expect(await refusal("d.txt", Buffer.from("x"))).toBe("fileTypeInvalid");
    expect(await refusal("d.xlsx", Buffer.from("not a zip"))).toBe("fileUnreadable");
    expect(await refusal("d.csv", Buffer.alloc(20 * 1024 * 1024 + 1, 0x61))).toBe("fileTooLarge");
    const tooMany = csv(Array.from({ length: 100_001 }, (_, i) => `n${i},,p,,,`));
    expect(await refusal("d.csv", tooMany)).toBe("fileTooManyRows");
    const exactly = csv(Array.from({ length: 100_000 }, (_, i) => `n${i},,p,,,`));
    expect(await refusal("d.csv", exactly)).toBe("accepted");

    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("one").addRow(HEADER.split(","));
    workbook.addWorksheet("two").addRow(HEADER.split(","));
    expect(await refusal("two.xlsx", Buffer.from(await workbook.xlsx.writeBuffer()))).toBe("xlsxSeveralSheets");
  });

  // A real one-sheet workbook (header and one device) whose xl/sharedStrings.xml gets `extra`
  // strings after its own, deflated as it streams so the test never holds the unpacked text either.
  async function hostileXlsx(extra: Iterable<string>): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("devices");
    sheet.addRow(HEADER.split(","));
    sheet.addRow(["n1", "", "p", "", "", ""]);
    const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
    const own = (await zip.file("xl/sharedStrings.xml")!.async("string")).match(/<si>.*<\/si>/)![0];
    const parts = function* () {
      yield '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
      yield own;
      yield* extra;
      yield "</sst>";
    };
    zip.file("xl/sharedStrings.xml", Readable.from(parts()));
    return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
  }

  it("refuses a workbook whose shared strings unpack too far before exceljs reads it", async () => {
    // ~150 MB of 60 KB strings (2,500 of them) in a zip of a few hundred KB.
    const string = `<si><t>${"A".repeat(60 * 1024)}</t></si>`;
    const bomb = await hostileXlsx((function* () {
      for (let i = 0; i < 2_500; i++) yield string;
    })());
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    expect(await refusal("bomb.xlsx", bomb)).toBe("xlsxTooLarge");

    const many = await hostileXlsx((function* () {
      for (let i = 0; i < 701; i++) yield "<si><t>a</t></si>".repeat(1_000);
    })());
    expect(await refusal("many.xlsx", many)).toBe("xlsxTooManyStrings");
    const long = await hostileXlsx([`<si><t>${"B".repeat(64 * 1024)}</t></si>`]);
    expect(await refusal("long.xlsx", long)).toBe("xlsxStringTooLong");
    // Just under the limits, the same construction still reads as a device list.
    const fine = await hostileXlsx([`<si><t>${"C".repeat(60 * 1024)}</t></si>`]);
    expect(await refusal("fine.xlsx", fine)).toBe("accepted");
  });
});
