import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deploymentEvents, deploymentResources, deployments, deploymentTargets, type User } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { publicSettings } from "./target-settings";

/** One of the owner's deployments with its resources, outputs and event log; others' are "not found". */
export function getDeploymentOrThrow(user: Pick<User, "id">, id: string) {
  const db = getDb();
  const row = db
    .select({ deployment: deployments, target: { name: deploymentTargets.name, provider: deploymentTargets.provider } })
    .from(deployments)
    .innerJoin(deploymentTargets, eq(deploymentTargets.id, deployments.targetId))
    .where(and(eq(deployments.id, id), eq(deployments.ownerId, user.id)))
    .get();
  if (!row) throw new NotFoundError("deploymentNotFound");
  const resources = db.select().from(deploymentResources).where(eq(deploymentResources.deploymentId, id)).orderBy(asc(deploymentResources.id)).all();
  const events = db.select().from(deploymentEvents).where(eq(deploymentEvents.deploymentId, id)).orderBy(asc(deploymentEvents.id)).all();
  return { ...row.deployment, target: { ...row.target, simulated: row.target.provider === "sandbox" }, resources, events };
}
export type DeploymentView = ReturnType<typeof getDeploymentOrThrow>;

/** Every target, with stored secrets (a Kubernetes token or key) left out: they never reach a browser. */
export function listTargets() {
  const rows = getDb().select().from(deploymentTargets).orderBy(desc(deploymentTargets.enabled), asc(deploymentTargets.name)).all();
  return rows.map((row) => ({ ...row, settings: publicSettings(row) }));
}
