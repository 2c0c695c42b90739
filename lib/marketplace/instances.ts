import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { myApps } from "@/db/schema";

/**
 * The engine calls this when an instance has been uninstalled: an app that was being deleted
 * (its instance first) goes now.
 */
export function instanceUninstalled(deploymentId: string): void {
  getDb().delete(myApps).where(and(eq(myApps.deploymentId, deploymentId), eq(myApps.status, "deleting"))).run();
}
