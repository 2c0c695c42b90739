import "server-only";
import type { JobHandler } from "@/lib/jobs/worker";
import { reconcileDeployment, refreshPullCredentials } from "./engine";
import { recordEvent, updateDeployment } from "./records";

/** The worker's handler: drives one deployment from its recorded state (see reconcileDeployment). */
export const deploymentJob: JobHandler = {
  run: (job, signal) => reconcileDeployment(job.subjectId, undefined, signal),
  maxAttempts: 5,
  onGiveUp: (job, error) => {
    recordEvent(job.subjectId, null, "error", `gave up after repeated errors: ${error}`);
    updateDeployment(job.subjectId, { status: "failed", failureMessage: error });
  },
};

/**
 * Recurring while a deployment runs on an engine that keeps pull credentials (Kubernetes): fresh
 * pull tokens into its pull secrets at half their lifetime (see refreshPullCredentials). A cluster
 * that does not answer is retried for about 50 minutes before the deployment's events say so.
 */
export const pullRefreshJob: JobHandler = {
  run: async (job) => {
    const again = await refreshPullCredentials(job.subjectId);
    return again === null ? undefined : { again };
  },
  maxAttempts: 16,
  onGiveUp: (job, error) => recordEvent(job.subjectId, null, "warn", `the pull secrets could not be refreshed, so pods started after the pull token expires cannot pull: ${error}`),
};
