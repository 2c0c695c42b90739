import "server-only";
// The /metrics gauges that describe what the database holds, read when Prometheus scrapes rather
// than kept up to date by every write: the worker's queue, deployments, devices online. Like
// lib/wiring.ts this file knows several domains; wireDomains() registers them once per process.
import client from "prom-client";
import { countDeploymentsByStatus } from "@/lib/deploy/queries";
import { countOnlineDevices } from "@/lib/devices/queries";
import { countJobs } from "@/lib/jobs/queue";
import { singleMetric } from "@/lib/metrics/instruments.mjs";

export function registerStateGauges(): void {
  singleMetric(
    "stagecraft_jobs",
    () =>
      new client.Gauge({
        name: "stagecraft_jobs",
        help: "Jobs in the queue by kind and status (done and failed ones are kept a week)",
        labelNames: ["kind", "status"],
        collect() {
          this.reset(); // a kind and status with no job any more must not keep its last value
          for (const { kind, status, count } of countJobs()) this.set({ kind, status }, count);
        },
      }),
  );
  singleMetric(
    "stagecraft_deployments",
    () =>
      new client.Gauge({
        name: "stagecraft_deployments",
        help: "Deployments by status",
        labelNames: ["status"],
        collect() {
          this.reset();
          for (const { status, count } of countDeploymentsByStatus()) this.set({ status }, count);
        },
      }),
  );
  singleMetric(
    "stagecraft_devices_online",
    () =>
      new client.Gauge({
        name: "stagecraft_devices_online",
        help: "Devices whose status is ONLINE",
        collect() {
          this.set(countOnlineDevices());
        },
      }),
  );
}
