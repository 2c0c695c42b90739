import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { deployments } from "@/db/schema";

/** Whether a deployment of this spec is live (being installed, running or being removed). */
export function hasRunningDeployment(specId: string): boolean {
  const live = getDb()
    .select({ id: deployments.id })
    .from(deployments)
    .where(and(eq(deployments.specId, specId), inArray(deployments.status, ["pending", "installing", "running", "uninstalling"])))
    .get();
  return Boolean(live);
}
