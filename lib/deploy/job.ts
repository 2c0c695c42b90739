import "server-only";
import type { JobHandler } from "@/lib/jobs/worker";
import { reconcileDeployment } from "./engine";
import { recordEvent, updateDeployment } from "./records";

export const DEPLOY_JOB = "deployment";

/** The worker's handler: drives one deployment from its recorded state (see reconcileDeployment). */
export const deploymentJob: JobHandler = {
  run: (job) => reconcileDeployment(job.subjectId),
  maxAttempts: 5,
  onGiveUp: (job, error) => {
    recordEvent(job.subjectId, null, "error", `gave up after repeated errors: ${error}`);
    updateDeployment(job.subjectId, { status: "failed", failureMessage: error });
  },
};
