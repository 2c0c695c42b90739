import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { JOB_STATUSES } from "../enums";

/**
 * Long work (image validation, batch registration, deployments, expiries) as rows the worker
 * claims with a lease: a crashed process's lease runs out and another run picks the job up.
 * The domain row (`subjectId`) keeps the domain's own progress, so a handler resumes from it.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    subjectId: text("subject_id").notNull(),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    /**
     * Epoch ms (lib/clock): not before this time (a due time, a backoff after a failed attempt, a
     * recurring job's next run). A finished job keeps its last; it is pruned a week after it.
     */
    runAt: integer("run_at").notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [
    index("jobs_ready").on(t.status, t.runAt),
    // At most one unfinished job per subject and kind: enqueueing twice is a no-op.
    uniqueIndex("jobs_active_subject").on(t.kind, t.subjectId).where(sql`status in ('queued', 'running')`),
  ],
);

export type Job = typeof jobs.$inferSelect;
