import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deployments, myApps } from "@/db/schema";
import { now } from "@/lib/clock";
import { beginUninstall } from "@/lib/deploy/service";
import type { JobHandler } from "@/lib/jobs/worker";
import { wakeWorker } from "@/lib/jobs/worker";

export const EXPIRE_JOB = "my-app.expire";

/** How soon an expiry that found its instance still being installed looks again. */
export const INSTALLING_RECHECK_MS = 30_000;

/**
 * Ends a trial or a purchased term when it is due: the app is marked expired and its instance
 * uninstalled by the worker. Otherwise says when to look again: at its end when that is still to
 * come, or shortly when its instance is still being installed (an app never ends up expired but
 * running; the install ends one way or the other, its own job gives up at worst).
 */
export function expireMyApp(id: string, at = now()): "expired" | "gone" | { again: number } {
  const db = getDb();
  const app = db.select().from(myApps).where(eq(myApps.id, id)).get();
  if (!app || app.status !== "active" || !app.expiresAt) return "gone";
  if (app.expiresAt.getTime() > at) return { again: app.expiresAt.getTime() };
  const instance = app.deploymentId ? db.select().from(deployments).where(eq(deployments.id, app.deploymentId)).get() : undefined;
  if (instance && (instance.status === "pending" || instance.status === "installing")) return { again: at + INSTALLING_RECHECK_MS };
  const uninstalling = db.transaction((tx) => {
    tx.update(myApps).set({ status: "expired", updatedAt: new Date(at) }).where(eq(myApps.id, id)).run();
    return instance?.status === "running" ? Boolean(beginUninstall(tx, instance.id)) : false;
  });
  if (uninstalling) wakeWorker();
  return "expired";
}

/**
 * Queued at the app's end (`run_at`); waiting, when there is a reason to, is a rescheduled run
 * (`{ again }`), not a failed attempt, so only real errors count towards giving up.
 */
export const expireJob: JobHandler = {
  run: async (job) => {
    const outcome = expireMyApp(job.subjectId);
    return typeof outcome === "object" ? outcome : undefined;
  },
};
