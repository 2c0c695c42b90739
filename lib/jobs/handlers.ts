import "server-only";
// Every kind of background job is registered here, in one place, so that the worker knows them all
// before it claims anything. Each domain exports its handler; add one line per kind.
import { DEPLOY_JOB, deploymentJob, PULL_REFRESH_JOB, pullRefreshJob } from "@/lib/deploy/job";
import { batchTaskHandler } from "@/lib/devices/batch/run-task";
import { BATCH_JOB } from "@/lib/devices/batch/service";
import { VALIDATE_JOB } from "@/lib/images/service";
import { EXPIRE_JOB, expireJob } from "@/lib/marketplace/expiry";
import { validateImageJob } from "@/lib/images/validate-job";
import { REGISTRY_BACKFILL_JOB, registryBackfillJob } from "@/lib/registry/backfill-job";
import { registerJobHandler } from "./worker";

export function registerJobHandlers(): void {
  registerJobHandler(VALIDATE_JOB, validateImageJob);
  registerJobHandler(DEPLOY_JOB, deploymentJob);
  registerJobHandler(PULL_REFRESH_JOB, pullRefreshJob);
  registerJobHandler(BATCH_JOB, batchTaskHandler);
  registerJobHandler(REGISTRY_BACKFILL_JOB, registryBackfillJob);
  registerJobHandler(EXPIRE_JOB, expireJob);
}
