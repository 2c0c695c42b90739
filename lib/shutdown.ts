import "server-only";
import { checkpointAndCloseDb } from "@/db";
import { stopWorker, type WorkerStopped } from "@/lib/jobs/worker";
import { stopMqtt } from "@/lib/mqtt/server";

/**
 * What lib/cli/server.mjs runs when it stops (SIGTERM, SIGINT), after it stopped accepting
 * requests: `stopWork` beside the draining of requests in flight, `close` once they are done.
 */
export type ShutdownSteps = {
  /** The worker claims nothing more; its jobs stop after their current step and are released. */
  stopWork: (waitMs: number) => Promise<WorkerStopped>;
  /** Devices' MQTT connections closed (their devices offline), then the WAL checkpointed, the database closed. */
  close: () => Promise<{ busy: boolean; pages: number }>;
};

/** Where lib/cli/server.mjs (plain JavaScript, which cannot import this module) takes the steps. */
const HAND_OVER = Symbol.for("stagecraft.shutdown");

const steps: ShutdownSteps = {
  stopWork: stopWorker,
  close: async () => {
    await stopMqtt();
    return checkpointAndCloseDb();
  },
};

/** Gives the HTTP server the shutdown steps, at start (instrumentation.ts); outside it, no one takes them. */
export function handOverShutdown(): void {
  (globalThis as Record<symbol, unknown>)[HAND_OVER] = steps;
}
