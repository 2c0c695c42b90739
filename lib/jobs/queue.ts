import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { jobs, type Job } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";

export const LEASE_MS = 30_000;
/** How long finished jobs' rows are kept (for their outcome and last error), counted from their last run. */
export const JOB_RETENTION_MS = 7 * 86_400_000;
/** This process's name in `lease_owner`. */
export const PROCESS_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

type Tx = Pick<Db, "insert">;

/**
 * Queues work for the worker. Pass the transaction that writes the domain row, so that the row
 * and its job exist together or not at all. A subject with an unfinished job of this kind is not
 * queued twice.
 */
export function enqueueJob(tx: Tx, kind: string, subjectId: string, runAt = clockNow()): void {
  tx.insert(jobs).values({ kind, subjectId, runAt }).onConflictDoNothing().run();
}

/** Claims the oldest ready job of these kinds: queued and due, or running with a lapsed lease. */
export function claimJob(kinds: string[], now = clockNow(), owner = PROCESS_ID): Job | null {
  if (kinds.length === 0) return null;
  const db = getDb();
  return db.transaction(
    (tx) => {
      const ready = tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(
          and(
            inArray(jobs.kind, kinds),
            or(
              and(eq(jobs.status, "queued"), lte(jobs.runAt, now)),
              and(eq(jobs.status, "running"), lt(jobs.leaseUntil, now)),
            ),
          ),
        )
        .orderBy(asc(jobs.runAt), asc(jobs.id))
        .limit(1)
        .get();
      if (!ready) return null;
      return tx
        .update(jobs)
        .set({ status: "running", leaseOwner: owner, leaseUntil: now + LEASE_MS, attempts: sql`${jobs.attempts} + 1` })
        .where(eq(jobs.id, ready.id))
        .returning()
        .get();
    },
    { behavior: "immediate" },
  );
}

/** Extends the lease; false when another process has taken the job over. */
export function renewLease(job: Job, now = clockNow(), owner = PROCESS_ID): boolean {
  const result = getDb()
    .update(jobs)
    .set({ leaseUntil: now + LEASE_MS })
    .where(and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.leaseOwner, owner)))
    .run();
  return result.changes === 1;
}

/**
 * Records the outcome of an attempt, if this process still holds the job: done, failed for good,
 * queued for a retry, or (a recurring job that succeeded) queued `again` with its attempts reset.
 */
export function finishJob(
  job: Job,
  outcome: { status: "done" } | { status: "failed"; error: string } | { status: "queued"; error: string; runAt: number } | { status: "again"; runAt: number },
  owner = PROCESS_ID,
): void {
  getDb()
    .update(jobs)
    .set({
      status: outcome.status === "again" ? "queued" : outcome.status,
      leaseOwner: null,
      leaseUntil: null,
      lastError: "error" in outcome ? outcome.error.slice(0, 2000) : null,
      ...("runAt" in outcome ? { runAt: outcome.runAt } : {}),
      ...(outcome.status === "again" ? { attempts: 0 } : {}),
    })
    .where(and(eq(jobs.id, job.id), eq(jobs.leaseOwner, owner)))
    .run();
}

/**
 * Gives a running job back, if this process still holds it, when the server stops in the middle:
 * queued again at once for whichever process runs next, and the interrupted attempt not counted.
 * Returns whether it was released.
 */
export function releaseJob(job: Job, owner = PROCESS_ID): boolean {
  return (
    getDb()
      .update(jobs)
      .set({ status: "queued", leaseOwner: null, leaseUntil: null, runAt: clockNow(), attempts: sql`max(${jobs.attempts} - 1, 0)` })
      .where(and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.leaseOwner, owner)))
      .run().changes === 1
  );
}

/**
 * Deletes done and failed jobs whose last run was due before the retention period (`run_at` is
 * when the last attempt was due: a finished job keeps it). Queued and running jobs are never
 * touched, however old. Returns how many rows went.
 */
export function pruneFinishedJobs(now = clockNow(), retentionMs = JOB_RETENTION_MS): number {
  return getDb()
    .delete(jobs)
    .where(and(inArray(jobs.status, ["done", "failed"]), lt(jobs.runAt, now - retentionMs)))
    .run().changes;
}
