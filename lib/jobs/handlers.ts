import "server-only";
// Every kind of background job is registered here, in one place, so that the worker knows them all
// before it claims anything. Each domain exports its handler; add one line per kind.
import { batchTaskHandler } from "@/lib/devices/batch/run-task";
import { BATCH_JOB } from "@/lib/devices/batch/service";
import { registerJobHandler } from "./worker";

export function registerJobHandlers(): void {
  registerJobHandler(BATCH_JOB, batchTaskHandler);
}
