import "server-only";
import { and, asc, desc, eq, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { deploymentEvents, deploymentResources, deployments, deploymentTargets, type User } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { openOutputs } from "./sealed";
import { publicSettings } from "./target-settings";

/**
 * One of the owner's deployments with its resources, outputs and event log; others' are "not
 * found". Operators may also follow shared experience instances, which they can start and stop.
 */
export function getDeploymentOrThrow(user: Pick<User, "id"> & Partial<Pick<User, "roles">>, id: string) {
  const db = getDb();
  const visible = user.roles?.includes("operator") ? or(eq(deployments.ownerId, user.id), eq(deployments.purpose, "experience")) : eq(deployments.ownerId, user.id);
  const row = db
    .select({ deployment: deployments, target: { name: deploymentTargets.name, provider: deploymentTargets.provider } })
    .from(deployments)
    .innerJoin(deploymentTargets, eq(deploymentTargets.id, deployments.targetId))
    .where(and(eq(deployments.id, id), visible))
    .get();
  if (!row) throw new NotFoundError("deploymentNotFound");
  const resources = db.select().from(deploymentResources).where(eq(deploymentResources.deploymentId, id)).orderBy(asc(deploymentResources.id)).all();
  const events = db.select().from(deploymentEvents).where(eq(deploymentEvents.deploymentId, id)).orderBy(asc(deploymentEvents.id)).all();
  return { ...row.deployment, outputs: openOutputs(row.deployment.id, row.deployment.outputs), target: { ...row.target, simulated: row.target.provider === "sandbox" }, resources, events };
}
export type DeploymentView = ReturnType<typeof getDeploymentOrThrow>;

/** Whether a target only simulates deployments (the sandbox): what it hands out does not open. */
export function isSimulatedTarget(targetId: string): boolean {
  return getDb().select({ provider: deploymentTargets.provider }).from(deploymentTargets).where(eq(deploymentTargets.id, targetId)).get()?.provider === "sandbox";
}

/** Every target, with stored secrets (a Kubernetes token or key) left out: they never reach a browser. */
export function listTargets() {
  const rows = getDb().select().from(deploymentTargets).orderBy(desc(deploymentTargets.enabled), asc(deploymentTargets.name)).all();
  return rows.map((row) => ({ ...row, settings: publicSettings(row) }));
}

/** How many deployments there are in each status, all owners and purposes together, for /metrics. */
export function countDeploymentsByStatus(): { status: string; count: number }[] {
  return getDb().select({ status: deployments.status, count: sql<number>`count(*)` }).from(deployments).groupBy(deployments.status).all();
}
