import "server-only";
import type { Job } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { claimJob, finishJob, LEASE_MS, pruneFinishedJobs, releaseJob, renewLease } from "./queue";

export type JobHandler = {
  /**
   * Does (or resumes) the work for `job.subjectId`; must be safe to run again after a crash. A
   * recurring job returns `{ again }`, the clock time of its next run (with its attempts reset).
   */
  run: (job: Job, signal: AbortSignal) => Promise<void | { again: number }>;
  /** Attempts before giving up (crashes count too). */
  maxAttempts?: number;
  /** Called once when the job is given up, to mark the domain row failed with a reason. */
  onGiveUp?: (job: Job, error: string) => void;
};

const handlers = new Map<string, JobHandler>();

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

const backoffMs = (attempts: number) => Math.min(1000 * 2 ** attempts, 5 * 60_000);

/** The reason a job's signal carries when the server stops: the job is released, not failed. */
const STOPPING = new Error("the server is stopping");

/**
 * Runs one claimed job to its outcome, renewing the lease while it runs. Aborted by `controller`
 * (the server stopping), the job goes back to the queue, its interrupted attempt not counted.
 */
async function runJob(job: Job, controller = new AbortController()): Promise<void> {
  const handler = handlers.get(job.kind)!;
  const renewal = setInterval(() => {
    if (!renewLease(job)) controller.abort(new Error("lease lost"));
  }, LEASE_MS / 3);
  try {
    const result = await handler.run(job, controller.signal);
    finishJob(job, result ? { status: "again", runAt: result.again } : { status: "done" });
  } catch (error) {
    if (controller.signal.aborted) {
      // Stopping: back to the queue. A lost lease: another process owns the job now.
      if (controller.signal.reason === STOPPING) releaseJob(job);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (job.attempts >= (handler.maxAttempts ?? 5)) {
      console.error(`[worker] ${job.kind} ${job.subjectId} failed for good:`, error);
      handler.onGiveUp?.(job, message);
      finishJob(job, { status: "failed", error: message });
    } else {
      finishJob(job, { status: "queued", error: message, runAt: clockNow() + backoffMs(job.attempts) });
    }
  } finally {
    clearInterval(renewal);
  }
}

/** Claims and runs ready jobs until none is left; returns how many ran. Used by tests too. */
export async function drainJobs(): Promise<number> {
  let ran = 0;
  for (let job = claimJob([...handlers.keys()]); job; job = claimJob([...handlers.keys()])) {
    await runJob(job);
    ran++;
  }
  return ran;
}

const POLL_MS = 500;
const CONCURRENCY = 2;
const PRUNE_EVERY_MS = 3_600_000;
/** What stopping reports: running jobs that ended in time, and jobs cut off mid-step (released). */
export type WorkerStopped = { ended: number; cutOff: number };
type Running = { job: Job; controller: AbortController; settled: Promise<void> };
const state = globalThis as typeof globalThis & {
  __stagecraftWorker?: { wake: () => void; stop: (waitMs: number) => Promise<WorkerStopped> };
};

function prune(): void {
  try {
    pruneFinishedJobs();
  } catch (error) {
    console.error("[worker] pruning finished jobs failed:", error);
  }
}

/**
 * The one background loop of this server process: up to two jobs at a time, polling twice a
 * second and woken at once by `wakeWorker()` when this process queues work. It also removes
 * finished jobs past their retention, at start and hourly, as the MQTT broker does with messages.
 */
export function startWorker(): void {
  if (state.__stagecraftWorker) return;
  let stopped = false;
  const running = new Map<number, Running>();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    clearTimeout(timer);
    if (stopped) return;
    try {
      while (running.size < CONCURRENCY) {
        const job = claimJob([...handlers.keys()]);
        if (!job) break;
        const controller = new AbortController();
        const settled = runJob(job, controller)
          .catch((error) => console.error("[worker]", error))
          .finally(() => {
            running.delete(job.id);
            tick();
          });
        running.set(job.id, { job, controller, settled });
      }
    } catch (error) {
      console.error("[worker] claim failed:", error);
    }
    timer = setTimeout(tick, POLL_MS);
  };
  prune();
  const pruner = setInterval(prune, PRUNE_EVERY_MS).unref();
  state.__stagecraftWorker = {
    wake: () => setImmediate(tick),
    stop: async (waitMs) => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(pruner);
      delete state.__stagecraftWorker;
      const jobs = [...running.values()];
      for (const { controller } of jobs) controller.abort(STOPPING);
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(jobs.map((r) => r.settled)),
        new Promise((resolve) => (timeout = setTimeout(resolve, waitMs))),
      ]);
      clearTimeout(timeout);
      // A step still going when the wait is over is cut off by the exit: its job goes back now,
      // and its handler (safe to run again) resumes it at the next start.
      const cutOff = [...running.values()].filter(({ job }) => releaseJob(job)).length;
      return { ended: jobs.length - cutOff, cutOff };
    },
  };
  tick();
}

export function wakeWorker(): void {
  state.__stagecraftWorker?.wake();
}

/**
 * Stops the loop: no job is claimed any more, the running ones are told to stop after their
 * current step (their signal aborts) and are waited for up to `waitMs`, then any still running is
 * released for the next start. Jobs that stopped early are released too (see runJob).
 */
export async function stopWorker(waitMs = 10_000): Promise<WorkerStopped> {
  return (await state.__stagecraftWorker?.stop(waitMs)) ?? { ended: 0, cutOff: 0 };
}
