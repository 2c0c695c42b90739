import "server-only";
// How the domains are connected at start-up, in one place: the job kinds the worker runs, and
// what each domain does when a domain below it announces something (lib/events). Domains import
// only downwards; everything that must ripple upwards is listed here. instrumentation.ts calls
// wireDomains() before the worker starts; tests call it from tests/setup.ts.
import { provideWorkloadEnvironment } from "@/lib/deploy/engine";
import { deploymentJob, pullRefreshJob } from "@/lib/deploy/job";
import { DEPLOY_JOB, PULL_REFRESH_JOB } from "@/lib/deploy/job-kinds";
import { batchTaskHandler } from "@/lib/devices/batch/run-task";
import { BATCH_JOB } from "@/lib/devices/batch/service";
import { on } from "@/lib/events";
import { VALIDATE_JOB } from "@/lib/images/service";
import { validateImageJob } from "@/lib/images/validate-job";
import { registerJobHandler } from "@/lib/jobs/worker";
import { log } from "@/lib/log/logger.mjs";
import { workloadEnvironment } from "@/lib/marketplace/app-keys";
import { EXPIRE_JOB, expireJob } from "@/lib/marketplace/expiry";
import { instanceUninstalled } from "@/lib/marketplace/instances";
import { forgetPages, forgetSignedInPages } from "@/lib/page-store";
import { forgetDeviceSecrets } from "@/lib/mqtt/auth";
import { disconnectDevices } from "@/lib/mqtt/server";
import { REGISTRY_BACKFILL_JOB, registryBackfillJob } from "@/lib/registry/backfill-job";
import { registerStateGauges } from "@/lib/state-gauges";

// Once per process, whichever bundle's copy of this module calls it (see lib/events).
const WIRED = Symbol.for("stagecraft.wired");
const globals = globalThis as typeof globalThis & { [WIRED]?: boolean };

export function wireDomains(): void {
  if (globals[WIRED]) return;
  globals[WIRED] = true;

  registerJobHandler(VALIDATE_JOB, validateImageJob);
  registerJobHandler(DEPLOY_JOB, deploymentJob);
  registerJobHandler(PULL_REFRESH_JOB, pullRefreshJob);
  registerJobHandler(BATCH_JOB, batchTaskHandler);
  registerJobHandler(REGISTRY_BACKFILL_JOB, registryBackfillJob);
  registerJobHandler(EXPIRE_JOB, expireJob);

  // A buyer's app deployment hands its workloads the app API's address and the app's key.
  provideWorkloadEnvironment(workloadEnvironment);

  // The marketplace's page store shows listings, the industries filter and the 免费体验 tag.
  on("listings.changed", () => forgetPages());
  on("industries.changed", () => forgetPages());
  on("sessions.ended", () => forgetSignedInPages());
  on("deployment.status", ({ deploymentId, purpose, status }) => {
    log.info({ event: "deployment.status", deploymentId, purpose, status }, `deployment ${status}`);
    if (purpose === "experience") forgetPages();
    // An app that was being deleted (its instance first) goes once the instance is gone.
    if (status === "deleted") instanceUninstalled(deploymentId);
  });

  // A device deleted or given a new secret: its open MQTT sessions end now, and its old secret is
  // no longer kept in clear.
  on("devices.revoked", ({ deviceIds }) => {
    forgetDeviceSecrets(deviceIds);
    disconnectDevices(deviceIds);
  });

  // What /metrics reads from the database when Prometheus scrapes.
  registerStateGauges();
}
