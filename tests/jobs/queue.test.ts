import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { jobs } from "@/db/schema";
import { claimJob, enqueueJob, finishJob, JOB_RETENTION_MS, LEASE_MS, pruneFinishedJobs, renewLease } from "@/lib/jobs/queue";
import { drainJobs, registerJobHandler, startWorker, stopWorker } from "@/lib/jobs/worker";

const db = () => getDb();
const jobOf = (subjectId: string) => db().select().from(jobs).where(eq(jobs.subjectId, subjectId)).get()!;

beforeEach(() => {
  db().delete(jobs).run();
});

describe("job queue", () => {
  it("queues one unfinished job per subject and kind", () => {
    enqueueJob(db(), "test.a", "s1");
    enqueueJob(db(), "test.a", "s1");
    enqueueJob(db(), "test.b", "s1");
    expect(db().select().from(jobs).all()).toHaveLength(2);
  });

  it("lets one process hold a job until its lease lapses, then another takes it over", () => {
    enqueueJob(db(), "test.a", "s2", 1000);
    const now = 10_000;
    const first = claimJob(["test.a"], now, "p1")!;
    expect(first).toMatchObject({ status: "running", leaseOwner: "p1", attempts: 1 });
    expect(claimJob(["test.a"], now + 1, "p2")).toBeNull();
    expect(renewLease(first, now + 1000, "p1")).toBe(true);

    const second = claimJob(["test.a"], now + 1000 + LEASE_MS + 1, "p2")!;
    expect(second).toMatchObject({ id: first.id, leaseOwner: "p2", attempts: 2 });
    // The first process's late results are ignored.
    expect(renewLease(first, now + 2000, "p1")).toBe(false);
    finishJob(first, { status: "done" }, "p1");
    expect(jobOf("s2").status).toBe("running");
    finishJob(second, { status: "done" }, "p2");
    expect(jobOf("s2").status).toBe("done");
  });

  it("does not run a job before its time or of a kind nobody handles", () => {
    enqueueJob(db(), "test.a", "later", 50_000);
    enqueueJob(db(), "test.unknown", "x", 0);
    expect(claimJob(["test.a"], 49_999)).toBeNull();
    expect(claimJob(["test.a"], 50_000)?.subjectId).toBe("later");
  });
});

describe("drainJobs", () => {
  it("runs handlers, retries a failing attempt later and gives up after maxAttempts", async () => {
    const seen: string[] = [];
    registerJobHandler("test.ok", { run: async (job) => void seen.push(job.subjectId) });
    const onGiveUp = vi.fn();
    registerJobHandler("test.flaky", {
      maxAttempts: 2,
      run: async () => {
        throw new Error("engine unavailable");
      },
      onGiveUp,
    });
    enqueueJob(db(), "test.ok", "ok-1");
    enqueueJob(db(), "test.flaky", "flaky-1");

    expect(await drainJobs()).toBe(2);
    expect(seen).toEqual(["ok-1"]);
    expect(jobOf("ok-1").status).toBe("done");
    const retried = jobOf("flaky-1");
    expect(retried).toMatchObject({ status: "queued", attempts: 1, lastError: "engine unavailable" });
    expect(retried.runAt).toBeGreaterThan(Date.now());

    db().update(jobs).set({ runAt: 0 }).where(eq(jobs.id, retried.id)).run();
    await drainJobs();
    expect(jobOf("flaky-1")).toMatchObject({ status: "failed", attempts: 2 });
    expect(onGiveUp).toHaveBeenCalledWith(expect.objectContaining({ subjectId: "flaky-1" }), "engine unavailable");
  });

  it("queues a recurring job again at the time it names, with its attempts reset, until it returns nothing", async () => {
    const runs: number[] = [];
    const later = Date.now() + 60_000;
    registerJobHandler("test.recurring", {
      run: async (job) => {
        runs.push(job.attempts);
        if (runs.length === 1) throw new Error("cluster unavailable");
        return runs.length < 3 ? { again: later } : undefined;
      },
    });
    const due = () => db().update(jobs).set({ runAt: 0 }).where(eq(jobs.subjectId, "r-1")).run();
    enqueueJob(db(), "test.recurring", "r-1", 0);
    await drainJobs(); // fails: retried later
    expect(jobOf("r-1")).toMatchObject({ status: "queued", attempts: 1, lastError: "cluster unavailable" });
    due();
    await drainJobs(); // succeeds and names its next run
    expect(jobOf("r-1")).toMatchObject({ status: "queued", attempts: 0, lastError: null, runAt: later });
    expect(await drainJobs()).toBe(0); // not before that time
    due();
    await drainJobs(); // the last run
    expect(runs).toEqual([1, 2, 1]);
    expect(jobOf("r-1")).toMatchObject({ status: "done", attempts: 1 });
  });
});

describe("finished jobs", () => {
  /** A job of `status` whose last run was due `age` ago. */
  const jobAged = (subjectId: string, status: "queued" | "running" | "done" | "failed", age: number) =>
    db().insert(jobs).values({ kind: "test.old", subjectId, status, runAt: Date.now() - age }).run();

  it("are deleted once past the retention period; recent ones and unfinished ones of any age are kept", () => {
    jobAged("old-done", "done", JOB_RETENTION_MS + 60_000);
    jobAged("old-failed", "failed", JOB_RETENTION_MS + 60_000);
    jobAged("recent-done", "done", JOB_RETENTION_MS - 60_000);
    jobAged("recent-failed", "failed", 0);
    jobAged("old-queued", "queued", 10 * JOB_RETENTION_MS);
    jobAged("old-running", "running", 10 * JOB_RETENTION_MS);
    expect(pruneFinishedJobs()).toBe(2);
    const left = db().select({ subjectId: jobs.subjectId }).from(jobs).all().map((j) => j.subjectId);
    expect(left.sort()).toEqual(["old-queued", "old-running", "recent-done", "recent-failed"]);
  });

  it("are pruned by the worker when it starts", () => {
    jobAged("old-done", "done", JOB_RETENTION_MS + 60_000);
    jobAged("recent-done", "done", 0);
    startWorker();
    stopWorker();
    expect(db().select({ subjectId: jobs.subjectId }).from(jobs).all()).toEqual([{ subjectId: "recent-done" }]);
  });
});

describe("stopping the worker (server shutdown)", () => {
  /** Waits until the job of `subjectId` is running. */
  const running = (subjectId: string) => vi.waitFor(() => expect(jobOf(subjectId).status).toBe("running"), { timeout: 5000 });

  it("lets a job end its current step, then gives it back to the queue with the attempt not counted", async () => {
    const steps: string[] = [];
    registerJobHandler("test.steps", {
      run: async (_job, signal) => {
        for (const step of ["one", "two", "three"]) {
          signal.throwIfAborted(); // between steps, as the deployment engine checks
          await new Promise((resolve) => setTimeout(resolve, 150));
          steps.push(step);
        }
      },
    });
    enqueueJob(db(), "test.steps", "stepped");
    startWorker();
    await running("stepped");
    const stopped = await stopWorker(5000);
    expect(stopped).toEqual({ ended: 1, cutOff: 0 });
    expect(steps).toEqual(["one"]); // the step under way finished; no further one started
    expect(jobOf("stepped")).toMatchObject({ status: "queued", leaseOwner: null, leaseUntil: null, attempts: 0 });
    // The next start resumes it.
    await drainJobs();
    expect(jobOf("stepped").status).toBe("done");
  });

  it("releases a job whose step outlasts the wait, and ignores what that step does later", async () => {
    let finish!: () => void;
    registerJobHandler("test.stuck", { run: () => new Promise<void>((resolve) => (finish = resolve)) });
    enqueueJob(db(), "test.stuck", "stuck");
    startWorker();
    await running("stuck");
    expect(await stopWorker(100)).toEqual({ ended: 0, cutOff: 1 });
    expect(jobOf("stuck")).toMatchObject({ status: "queued", leaseOwner: null, attempts: 0 });
    finish(); // the step ends after all: its outcome no longer counts, the job stays queued
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(jobOf("stuck").status).toBe("queued");
  });

  it("claims nothing once stopped", async () => {
    registerJobHandler("test.after", { run: async () => {} });
    startWorker();
    await stopWorker();
    enqueueJob(db(), "test.after", "after");
    await new Promise((resolve) => setTimeout(resolve, 700)); // longer than the worker's poll
    expect(jobOf("after").status).toBe("queued");
  });
});
