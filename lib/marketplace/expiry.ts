import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deployments, myApps } from "@/db/schema";
import { now } from "@/lib/clock";
import { beginUninstall } from "@/lib/deploy/service";
import type { JobHandler } from "@/lib/jobs/worker";
import { wakeWorker } from "@/lib/jobs/worker";

export const EXPIRE_JOB = "my-app.expire";

/**
 * Ends a trial or a purchased term when it is due: the app is marked expired and its instance
 * uninstalled by the worker. An installation still in progress is waited for (the job is retried),
 * so an app never ends up expired but running.
 */
export function expireMyApp(id: string, at = now()): "expired" | "notDue" | "gone" {
  const db = getDb();
  const app = db.select().from(myApps).where(eq(myApps.id, id)).get();
  if (!app || app.status !== "active" || !app.expiresAt) return "gone";
  if (app.expiresAt.getTime() > at) return "notDue";
  const instance = app.deploymentId ? db.select().from(deployments).where(eq(deployments.id, app.deploymentId)).get() : undefined;
  if (instance && (instance.status === "pending" || instance.status === "installing")) {
    throw new Error(`the instance ${instance.id} is still being installed; expiring it afterwards`);
  }
  const uninstalling = db.transaction((tx) => {
    tx.update(myApps).set({ status: "expired", updatedAt: new Date(at) }).where(eq(myApps.id, id)).run();
    return instance?.status === "running" ? Boolean(beginUninstall(tx, instance.id)) : false;
  });
  if (uninstalling) wakeWorker();
  return "expired";
}

export const expireJob: JobHandler = {
  run: async (job) => {
    if (expireMyApp(job.subjectId) === "notDue") throw new Error("not due yet");
  },
  // Backoff grows to five minutes: this waits out a long installation.
  maxAttempts: 50,
};
