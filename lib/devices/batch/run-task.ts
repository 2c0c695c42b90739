import "server-only";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { batchFiles, batchTaskItems, batchTasks, products, type BatchTask, type Job } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { decryptSecret, encryptSecret } from "../crypto";
import { DeviceRuleError, prepareDevice } from "../rules";
import { registerDeviceSchema } from "../schema";
import { parseBatchFile } from "./parse";
import { batchFilesDir } from "./service";

/** Rows per transaction: big enough for throughput, small enough that requests still get the lock. */
const CHUNK = 1000;

const removeFile = (task: BatchTask, format: string) =>
  fs.rmSync(path.join(/*turbopackIgnore: true*/ batchFilesDir(), `${task.fileId}.${format}`), { force: true });

function failTask(taskId: string, error: string): void {
  getDb().update(batchTasks).set({ status: "Fail", error }).where(eq(batchTasks.id, taskId)).run();
}

/**
 * Initializing: the file's rows become the task's items in one transaction (all or none, so a
 * crash here just starts over), then the file, which may hold secrets in clear, is deleted.
 */
async function initialize(task: BatchTask): Promise<void> {
  const db = getDb();
  const file = db.select().from(batchFiles).where(eq(batchFiles.id, task.fileId)).get();
  if (!file?.path || !fs.existsSync(file.path)) return failTask(task.id, "batchFileMissing");
  let rows;
  try {
    rows = (await parseBatchFile(file.name, fs.readFileSync(file.path))).rows;
  } catch (error) {
    if (error instanceof AppError) return failTask(task.id, error.message);
    throw error;
  }
  const items = rows.map((row, idx) => ({
    taskId: task.id,
    idx,
    nodeId: row.node_id,
    deviceName: row.device_name,
    productId: row.product_id,
    authType: row.auth_type,
    secretEnc: row.secret ? encryptSecret(row.secret) : null,
    fingerprint: row.fingerprint,
  }));
  db.transaction((tx) => {
    for (let i = 0; i < items.length; i += 500) tx.insert(batchTaskItems).values(items.slice(i, i + 500)).run();
    tx.update(batchTasks).set({ status: "Processing", total: items.length }).where(eq(batchTasks.id, task.id)).run();
    tx.update(batchFiles).set({ path: null }).where(eq(batchFiles.id, file.id)).run();
  });
  removeFile(task, file.format);
}

/** Registers up to CHUNK waiting rows; each row's device and outcome commit together. */
function processChunk(task: BatchTask): boolean {
  const db = getDb();
  const sqlite = db.$client;
  return db.transaction(() => {
    const waiting = sqlite
      .prepare(
        `select idx, node_id as nodeId, device_name as name, product_id as productId, auth_type as authType,
                secret_enc as secretEnc, fingerprint from batch_task_items
         where task_id = ? and status = 'Waitting' order by idx limit ?`,
      )
      .all(task.id, CHUNK) as { idx: number; nodeId: string; name: string; productId: string; authType: string; secretEnc: string | null; fingerprint: string }[];
    if (waiting.length === 0) return false;
    const owned = new Map(db.select().from(products).where(eq(products.ownerId, task.ownerId)).all().map((p) => [p.id, p]));
    const insert = sqlite.prepare(
      `insert into devices (id, owner_id, product_id, node_id, name, auth_type, secret_enc, fingerprint, secure)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
    );
    const inThisTask = sqlite.prepare(`select 1 from batch_task_items where task_id = ? and device_id = ? and status = 'Success'`);
    const succeed = sqlite.prepare(
      `update batch_task_items set status = 'Success', device_id = ?, secret_enc = null, secret_generated = ?,
              error_code = null, error_field = null where task_id = ? and idx = ?`,
    );
    const failRow = sqlite.prepare(`update batch_task_items set status = 'Fail', error_code = ?, error_field = ? where task_id = ? and idx = ?`);
    let success = 0;
    let fail = 0;
    for (const item of waiting) {
      const outcome = registerRow(item);
      if ("error" in outcome) {
        failRow.run(outcome.error, outcome.field, task.id, item.idx);
        fail++;
      } else {
        succeed.run(outcome.deviceId, outcome.generated ? 1 : 0, task.id, item.idx);
        success++;
      }
    }
    sqlite.prepare(`update batch_tasks set success = success + ?, fail = fail + ? where id = ?`).run(success, fail, task.id);
    return true;

    function registerRow(item: (typeof waiting)[number]): { deviceId: string; generated: boolean } | { error: string; field: string } {
      const parsed = registerDeviceSchema.safeParse({
        ...item,
        secret: item.secretEnc ? decryptSecret(item.secretEnc) : undefined,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return { error: issue.message, field: String(issue.path[0] ?? "") };
      }
      const product = owned.get(parsed.data.productId);
      if (!product) return { error: "productNotFound", field: "productId" };
      let device;
      try {
        device = prepareDevice(product, parsed.data);
      } catch (error) {
        if (error instanceof DeviceRuleError) return { error: error.key, field: error.field };
        throw error;
      }
      const { changes } = insert.run(device.id, task.ownerId, product.id, device.nodeId, device.name, device.authType, device.secretEnc, device.fingerprint, device.secure ? 1 : 0);
      if (changes === 0) {
        // The first row of a node ID wins; later ones say whether they clash with the file or with a device registered before.
        return { error: inThisTask.get(task.id, device.id) ? "nodeIdDuplicateInFile" : "nodeIdTaken", field: "nodeId" };
      }
      return { deviceId: device.id, generated: device.secretGenerated };
    }
  });
}

/**
 * The worker's handler for batch registration. Resumes from the task's own state: an
 * Initializing task (re)reads its file, a Processing one goes on with its waiting rows, so a row
 * that succeeded before a crash is never registered twice.
 */
export async function runBatchTask(job: Job, signal: AbortSignal): Promise<void> {
  const load = () => getDb().select().from(batchTasks).where(eq(batchTasks.id, job.subjectId)).get();
  let task = load();
  if (!task) return;
  if (task.status === "Initializing") {
    await initialize(task);
    task = load()!;
  }
  if (task.status !== "Processing") return;
  const format = getDb().select({ format: batchFiles.format }).from(batchFiles).where(eq(batchFiles.id, task.fileId)).get()?.format;
  if (format) removeFile(task, format);
  while (processChunk(task)) {
    signal.throwIfAborted();
    // Let requests run between chunks: the worker shares the server's event loop.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const done = load()!;
  const status = done.fail === 0 ? "Success" : done.success === 0 ? "Fail" : "PartialSuccess";
  getDb().update(batchTasks).set({ status }).where(eq(batchTasks.id, task.id)).run();
}

export const batchTaskHandler = {
  run: runBatchTask,
  maxAttempts: 5,
  onGiveUp: (job: Job) => failTask(job.subjectId, "taskCrashed"),
};
