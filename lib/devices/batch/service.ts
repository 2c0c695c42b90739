import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, eq, isNotNull, lt, notExists, sql } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { getDb } from "@/db";
import { batchFiles, batchTaskItems, batchTasks, devices, type User } from "@/db/schema";
import { dataDir } from "@/lib/env";
import { InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/queue";
import { wakeWorker } from "@/lib/jobs/worker";
import { openSecret } from "@/lib/secrets/seal";
import { getTaskOrThrow } from "./queries";
import { readBatchFile } from "./parse";

type Owner = Pick<User, "id">;
export const BATCH_JOB = "devices.batch";

export const batchFilesDir = () => path.join(/*turbopackIgnore: true*/ dataDir(), "batch-files");
/** An uploaded file no task has used is removed after this: it may hold secrets in clear. */
export const UNUSED_FILE_TTL_MS = 24 * 60 * 60 * 1000;

/** Removes uploads that no task used within a day (IoTDA's two-step API allows that), anyone's. */
function sweepUnusedFiles(now = Date.now()): void {
  const db = getDb();
  const stale = db
    .select({ id: batchFiles.id, path: batchFiles.path })
    .from(batchFiles)
    .where(
      and(
        isNotNull(batchFiles.path),
        lt(batchFiles.createdAt, new Date(now - UNUSED_FILE_TTL_MS)),
        notExists(db.select({ id: batchTasks.id }).from(batchTasks).where(eq(batchTasks.fileId, batchFiles.id))),
      ),
    )
    .all();
  for (const file of stale) {
    fs.rmSync(file.path!, { force: true });
    db.update(batchFiles).set({ path: null }).where(eq(batchFiles.id, file.id)).run();
  }
}

/**
 * Stores an uploaded device list once it has been read as a whole (IoTDA's batchtask-files). The
 * file may hold secrets in clear: it is kept with mode 0600 and removed when its task ends, or
 * after a day if no task used it.
 */
export async function uploadBatchFile(owner: Owner, file: { name: string; data: Buffer }) {
  const { format, count } = await readBatchFile(file.name, file.data);
  sweepUnusedFiles();
  const id = randomUUID();
  const dir = batchFilesDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const filePath = path.join(/*turbopackIgnore: true*/ dir, `${id}.${format}`);
  fs.writeFileSync(filePath, file.data, { mode: 0o600 });
  const name = path.basename(file.name).slice(0, 255) || `devices.${format}`;
  return getDb()
    .insert(batchFiles)
    .values({ id, ownerId: owner.id, name, format, rows: count, path: filePath })
    .returning({ id: batchFiles.id, name: batchFiles.name, rows: batchFiles.rows })
    .get();
}

/** Starts a createDevices task on an uploaded file; a file can feed one task only. */
export function createBatchTask(owner: Owner, input: { fileId: string; name?: string }) {
  const db = getDb();
  return db.transaction((tx) => {
    const file = tx
      .select()
      .from(batchFiles)
      .where(and(eq(batchFiles.id, input.fileId), eq(batchFiles.ownerId, owner.id)))
      .get();
    if (!file) throw new NotFoundError("batchFileNotFound", { file: ["batchFileNotFound"] });
    const used = tx.select({ id: batchTasks.id }).from(batchTasks).where(eq(batchTasks.fileId, file.id)).get();
    if (used || !file.path) throw new InvalidStateError("batchFileUsed", { file: ["batchFileUsed"] });
    const name = input.name?.trim().slice(0, 128) || file.name;
    const task = tx
      .insert(batchTasks)
      .values({ id: randomUUID(), ownerId: owner.id, name, type: "createDevices", fileId: file.id, total: file.rows })
      .returning()
      .get();
    enqueueJob(tx, BATCH_JOB, task.id);
    return task;
  });
}

/** The workbench form's file as registerBatch takes it; none chosen is the form's error. */
export async function readBatchUpload(file: File | undefined): Promise<{ name: string; data: Buffer }> {
  if (!file) throw new ValidationError("fileRequired", { file: ["fileRequired"] });
  return { name: file.name, data: Buffer.from(await file.arrayBuffer()) };
}

/** Upload and task in one step, for the workbench form. */
export async function registerBatch(owner: Owner, file: { name: string; data: Buffer }) {
  const uploaded = await uploadBatchFile(owner, file);
  const task = createBatchTask(owner, { fileId: uploaded.id });
  wakeWorker();
  return task;
}

/** Runs the failed rows of a finished task again; rows that succeeded are never touched. */
export function retryFailedItems(owner: Owner, taskId: string) {
  const db = getDb();
  db.transaction((tx) => {
    const task = getTaskOrThrow(owner, taskId, tx);
    if (task.status === "Initializing" || task.status === "Processing") throw new InvalidStateError("taskBusy");
    if (task.fail === 0) throw new InvalidStateError("taskNoFailures");
    tx.update(batchTaskItems)
      .set({ status: "Waitting", errorCode: null, errorField: null })
      .where(and(eq(batchTaskItems.taskId, task.id), eq(batchTaskItems.status, "Fail")))
      .run();
    tx.update(batchTasks).set({ status: "Processing", fail: 0, error: null }).where(eq(batchTasks.id, task.id)).run();
    enqueueJob(tx, BATCH_JOB, task.id);
  });
  wakeWorker();
}

/** OWASP's CSV injection rule: a cell a spreadsheet would run as a formula gets a leading `'`. */
export const spreadsheetSafe = (cell: string): string => (/^[-=+@\t\r]/.test(cell) ? `'${cell}` : cell);

/**
 * The secrets the task generated, as CSV, handed out once: the rows are marked as taken in the
 * same transaction, so a second download (or a second tab) gets nothing. Nothing is written to
 * disk in clear; the secrets are decrypted from the devices as they are now.
 */
export function takeGeneratedSecrets(owner: Owner, taskId: string): string {
  const db = getDb();
  const rows = db.transaction((tx) => {
    const task = getTaskOrThrow(owner, taskId, tx);
    const generated = tx
      .select({ nodeId: devices.nodeId, deviceId: devices.id, secretEnc: devices.secretEnc })
      .from(batchTaskItems)
      .innerJoin(devices, eq(devices.id, batchTaskItems.deviceId))
      .where(and(eq(batchTaskItems.taskId, task.id), eq(batchTaskItems.secretGenerated, true), eq(devices.ownerId, owner.id)))
      .orderBy(batchTaskItems.idx)
      .all();
    if (generated.length === 0) throw new NotFoundError("secretsGone");
    tx.update(batchTaskItems)
      .set({ secretGenerated: false })
      .where(and(eq(batchTaskItems.taskId, task.id), eq(batchTaskItems.secretGenerated, true)))
      .run();
    tx.update(batchTasks).set({ secretsDownloadedAt: sql`(cast(unixepoch('subsec') * 1000 as integer))` }).where(eq(batchTasks.id, task.id)).run();
    return generated;
  });
  return stringify(
    // node_id and device_id come from the uploaded file: a leading - = + @ (or tab, CR) would make a
    // spreadsheet read them as a formula. The secret is ours and must stay byte for byte.
    rows.filter((r) => r.secretEnc).map((r) => [spreadsheetSafe(r.nodeId), spreadsheetSafe(r.deviceId), openSecret("device-secret", r.deviceId, r.secretEnc!)]),
    { header: true, columns: ["node_id", "device_id", "secret"], record_delimiter: "\r\n" },
  );
}

