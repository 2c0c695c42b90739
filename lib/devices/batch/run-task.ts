import "server-only";
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { batchFiles, batchTasks, products, type BatchTask, type Job, type Product } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { batchItemRecord, openSecret, sealSecret } from "@/lib/secrets/seal";
import { DeviceRuleError, prepareDevice } from "../rules";
import { registerDeviceSchema } from "../schema";
import { readBatchRows, type BatchRow } from "./parse";

/** Rows per transaction: big enough for throughput, small enough that requests still get the lock. */
const CHUNK = 1000;

type Outcome = { deviceId: string; generated: boolean } | { error: string; field: string };
type RawRow = { nodeId: string; name: string; productId: string; authType: string; secret: string | undefined; fingerprint: string };

/** Ends a task that cannot go on, with the reason; its file (secrets in clear) goes too. */
function failTask(taskId: string, error: string): void {
  const db = getDb();
  const task = db.select().from(batchTasks).where(eq(batchTasks.id, taskId)).get();
  if (!task) return;
  const file = db.select().from(batchFiles).where(eq(batchFiles.id, task.fileId)).get();
  if (file?.path) fs.rmSync(file.path, { force: true });
  db.transaction((tx) => {
    tx.update(batchFiles).set({ path: null }).where(eq(batchFiles.id, task.fileId)).run();
    tx.update(batchTasks).set({ status: "Fail", error }).where(eq(batchTasks.id, taskId)).run();
  });
}

/** Statements of one chunk; prepared per chunk, as plain SQL: the query builder costs seconds at 100,000 rows. */
function chunkContext(task: BatchTask) {
  const db = getDb();
  const sqlite = db.$client;
  const owned = new Map<string, Product>(db.select().from(products).where(eq(products.ownerId, task.ownerId)).all().map((p) => [p.id, p]));
  const insertDevice = sqlite.prepare(
    `insert into devices (id, owner_id, product_id, node_id, name, auth_type, secret_enc, fingerprint, secure)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  );
  const inThisTask = sqlite.prepare(`select 1 from batch_task_items where task_id = ? and device_id = ? and status = 'Success'`);

  /** Registers one row; the caller records the outcome in the same transaction. */
  function register(row: RawRow): Outcome {
    const parsed = registerDeviceSchema.safeParse(row);
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
    const { changes } = insertDevice.run(device.id, task.ownerId, product.id, device.nodeId, device.name, device.authType, device.secretEnc, device.fingerprint, device.secure ? 1 : 0);
    // The first row of a node ID wins; a later one says whether it clashes with the file or with an older device.
    if (changes === 0) return { error: inThisTask.get(task.id, device.id) ? "nodeIdDuplicateInFile" : "nodeIdTaken", field: "nodeId" };
    return { deviceId: device.id, generated: device.secretGenerated };
  }
  return { sqlite, register };
}

const counters = `update batch_tasks set success = success + ?, fail = fail + ? where id = ?`;

/**
 * One chunk of rows from the file, the first of them the file's row `from`. Each row's device and
 * its item (written once, with its outcome) commit together, so after a crash the task goes on
 * after the last item written. A failed row keeps its values (its secret encrypted) for "retry
 * failed rows".
 */
function fileChunk(task: BatchTask, rows: BatchRow[], from: number): void {
  const { sqlite, register } = chunkContext(task);
  const insertItem = sqlite.prepare(
    `insert into batch_task_items (task_id, idx, status, node_id, device_name, product_id, auth_type, secret_enc, fingerprint,
       secret_generated, device_id, error_code, error_field) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  getDb().transaction(() => {
    let success = 0;
    rows.forEach((r, i) => {
      const idx = from + i;
      const secret = r.secret || undefined;
      const outcome = register({ nodeId: r.node_id, name: r.device_name, productId: r.product_id, authType: r.auth_type, secret, fingerprint: r.fingerprint });
      const ok = "deviceId" in outcome;
      if (ok) success++;
      const secretEnc = !ok && secret ? sealSecret("batch-item-secret", batchItemRecord(task.id, idx), secret) : null;
      const [deviceId, generated, errorCode, errorField] = ok ? [outcome.deviceId, outcome.generated ? 1 : 0, null, null] : [null, 0, outcome.error, outcome.field];
      insertItem.run(task.id, idx, ok ? "Success" : "Fail", r.node_id, r.device_name, r.product_id, r.auth_type, secretEnc, r.fingerprint, generated, deviceId, errorCode, errorField);
    });
    sqlite.prepare(counters).run(success, rows.length - success, task.id);
  });
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** The file's rows after the first `skip`, CHUNK at a time with the index of the first. */
async function* fileChunks(name: string, filePath: string, skip: number): AsyncGenerator<{ rows: BatchRow[]; from: number }> {
  let idx = 0;
  let rows: BatchRow[] = [];
  for await (const row of readBatchRows(name, filePath)) {
    if (idx++ < skip) continue;
    rows.push(row);
    if (rows.length === CHUNK) {
      yield { rows, from: idx - CHUNK };
      rows = [];
    }
  }
  if (rows.length > 0) yield { rows, from: idx - rows.length };
}

/**
 * Registers the file's rows after the `written` first, reading the file as it goes: only one chunk
 * of rows is in memory at a time. A file that turns out unreadable fails the task.
 */
async function runFileRows(task: BatchTask, file: { name: string; path: string }, written: number, signal: AbortSignal): Promise<boolean> {
  const chunks = fileChunks(file.name, file.path, written);
  try {
    for (;;) {
      let next: IteratorResult<{ rows: BatchRow[]; from: number }>;
      try {
        next = await chunks.next();
      } catch (error) {
        if (error instanceof AppError) {
          failTask(task.id, error.message);
          return false;
        }
        throw error;
      }
      if (next.done) return true;
      fileChunk(task, next.value.rows, next.value.from);
      signal.throwIfAborted();
      await nextTurn(); // requests run between chunks: the worker shares the server's event loop
    }
  } finally {
    await chunks.return(undefined); // stops reading the file when the run stops early
  }
}

/** Rows put back to Waitting by a retry, CHUNK at a time, in file order after `after`. */
function retryChunk(task: BatchTask, after: number): number | null {
  const { sqlite, register } = chunkContext(task);
  return getDb().transaction(() => {
    const waiting = sqlite
      .prepare(
        `select idx, node_id as nodeId, device_name as name, product_id as productId, auth_type as authType, secret_enc as secretEnc, fingerprint
         from batch_task_items where task_id = ? and idx > ? and status = 'Waitting' order by idx limit ?`,
      )
      .all(task.id, after, CHUNK) as (Omit<RawRow, "secret"> & { idx: number; secretEnc: string | null })[];
    if (waiting.length === 0) return null;
    const succeed = sqlite.prepare(
      `update batch_task_items set status = 'Success', device_id = ?, secret_enc = null, secret_generated = ?, error_code = null, error_field = null
       where task_id = ? and idx = ?`,
    );
    const fail = sqlite.prepare(`update batch_task_items set status = 'Fail', error_code = ?, error_field = ? where task_id = ? and idx = ?`);
    let success = 0;
    for (const { idx, secretEnc, ...item } of waiting) {
      const outcome = register({ ...item, secret: secretEnc ? openSecret("batch-item-secret", batchItemRecord(task.id, idx), secretEnc) : undefined });
      if ("deviceId" in outcome) {
        succeed.run(outcome.deviceId, outcome.generated ? 1 : 0, task.id, idx);
        success++;
      } else fail.run(outcome.error, outcome.field, task.id, idx);
    }
    sqlite.prepare(counters).run(success, waiting.length - success, task.id);
    return waiting.at(-1)!.idx;
  });
}

/**
 * The worker's handler for batch registration. Resumes from the task's own rows: the file is read
 * again (streamed) and rows go on after the last item written; rows a retry put back are run again. A row
 * that succeeded before a crash is never registered twice. The file, which may hold secrets in
 * clear, is deleted when its rows are done.
 */
export async function runBatchTask(job: Job, signal: AbortSignal): Promise<void> {
  const db = getDb();
  const task = db.select().from(batchTasks).where(eq(batchTasks.id, job.subjectId)).get();
  if (!task || (task.status !== "Initializing" && task.status !== "Processing")) return;
  if (task.status === "Initializing") db.update(batchTasks).set({ status: "Processing" }).where(eq(batchTasks.id, task.id)).run();
  const file = db.select().from(batchFiles).where(eq(batchFiles.id, task.fileId)).get();
  const written = db.$client.prepare(`select count(*) as n from batch_task_items where task_id = ?`).get(task.id) as { n: number };

  if (written.n < task.total) {
    if (!file?.path || !fs.existsSync(file.path)) return failTask(task.id, "batchFileMissing");
    if (!(await runFileRows(task, { name: file.name, path: file.path }, written.n, signal))) return;
  }
  for (let after = retryChunk(task, -1); after !== null; after = retryChunk(task, after)) {
    signal.throwIfAborted();
    await nextTurn();
  }

  if (file?.path) fs.rmSync(file.path, { force: true });
  const done = db.select().from(batchTasks).where(eq(batchTasks.id, task.id)).get()!;
  const status = done.fail === 0 ? "Success" : done.success === 0 ? "Fail" : "PartialSuccess";
  db.transaction((tx) => {
    tx.update(batchFiles).set({ path: null }).where(eq(batchFiles.id, task.fileId)).run();
    tx.update(batchTasks).set({ status }).where(eq(batchTasks.id, task.id)).run();
  });
  // A batch changes the devices table's shape at once; fresh statistics keep the list's query
  // plans right (e.g. a text prefix from the NOCASE indexes instead of a scan in sort order).
  // Sampled (analysis_limit), so it takes milliseconds even at 100,000 rows.
  db.$client.exec("pragma analysis_limit = 400; analyze devices");
}

export const batchTaskHandler = {
  run: runBatchTask,
  maxAttempts: 5,
  onGiveUp: (job: Job) => failTask(job.subjectId, "taskCrashed"),
};
