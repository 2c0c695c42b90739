import "server-only";
import { and, asc, count, desc, eq, gt, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { batchTaskItems, batchTasks, type BatchTask, type ItemStatus, type User } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";

type Owner = Pick<User, "id">;
type Reader = Pick<Db, "select">;

/** Another account's task answers exactly like a missing one. */
export function getTaskOrThrow(owner: Owner, taskId: string, db: Reader = getDb()): BatchTask {
  const task = db
    .select()
    .from(batchTasks)
    .where(and(eq(batchTasks.id, taskId), eq(batchTasks.ownerId, owner.id)))
    .get();
  if (!task) throw new NotFoundError("taskNotFound");
  return task;
}

export const TASKS_PAGE_SIZE = 20;

export function listTasks(owner: Owner, page = 1) {
  const db = getDb();
  const rows = db
    .select()
    .from(batchTasks)
    .where(eq(batchTasks.ownerId, owner.id))
    .orderBy(desc(batchTasks.createdAt), desc(batchTasks.id))
    .limit(TASKS_PAGE_SIZE)
    .offset((page - 1) * TASKS_PAGE_SIZE)
    .all();
  const total = db.select({ n: count() }).from(batchTasks).where(eq(batchTasks.ownerId, owner.id)).get()?.n ?? 0;
  return { rows, total };
}

/** How many rows wait for the worker; IoTDA's `task_progress.waitting`. */
export function taskProgress(task: BatchTask) {
  return { total: task.total, success: task.success, fail: task.fail, waitting: Math.max(0, task.total - task.success - task.fail) };
}

/** Whether the task still holds generated secrets nobody has downloaded. */
export function hasSecretsToTake(taskId: string): boolean {
  return Boolean(
    getDb()
      .select({ idx: batchTaskItems.idx })
      .from(batchTaskItems)
      .where(and(eq(batchTaskItems.taskId, taskId), eq(batchTaskItems.secretGenerated, true)))
      .limit(1)
      .get(),
  );
}

const itemColumns = {
  idx: batchTaskItems.idx,
  status: batchTaskItems.status,
  nodeId: batchTaskItems.nodeId,
  deviceName: batchTaskItems.deviceName,
  productId: batchTaskItems.productId,
  deviceId: batchTaskItems.deviceId,
  errorCode: batchTaskItems.errorCode,
  errorField: batchTaskItems.errorField,
};

/**
 * A page of a task's rows (执行详情), optionally of one status. `afterIdx` pages by keyset for the
 * API's marker; `offset` by position for the workbench.
 */
export function listTaskItems(
  owner: Owner,
  taskId: string,
  filter: { status?: ItemStatus; limit: number; offset?: number; afterIdx?: number },
) {
  const task = getTaskOrThrow(owner, taskId);
  const db = getDb();
  const where: SQL[] = [eq(batchTaskItems.taskId, task.id)];
  if (filter.status) where.push(eq(batchTaskItems.status, filter.status));
  const rows = db
    .select(itemColumns)
    .from(batchTaskItems)
    .where(and(...where, ...(filter.afterIdx === undefined ? [] : [gt(batchTaskItems.idx, filter.afterIdx)])))
    .orderBy(asc(batchTaskItems.idx))
    .limit(filter.limit)
    .offset(filter.offset ?? 0)
    .all();
  const total = db.select({ n: count() }).from(batchTaskItems).where(and(...where)).get()?.n ?? 0;
  return { task, rows, total };
}
export type TaskItemRow = ReturnType<typeof listTaskItems>["rows"][number];

