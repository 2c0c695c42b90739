import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deploymentEvents, deploymentResources, deployments, type Deployment, type DeploymentResource } from "@/db/schema";
import { emit } from "@/lib/events";
import { openDetails, sealDetails, sealOutputs } from "./sealed";

// The engine's writes: every step is recorded before and after it happens, so that a restarted
// worker knows exactly where a deployment stood.

export function recordEvent(deploymentId: string, nodeId: string | null, level: "info" | "warn" | "error", message: string): void {
  getDb().insert(deploymentEvents).values({ deploymentId, nodeId, level, message: message.slice(0, 4000) }).run();
}

export function updateDeployment(id: string, change: Partial<Omit<Deployment, "id">>): void {
  if (change.outputs) change = { ...change, outputs: sealOutputs(id, change.outputs) };
  const row = getDb().update(deployments).set({ ...change, updatedAt: new Date() }).where(eq(deployments.id, id)).returning({ purpose: deployments.purpose }).get();
  if (change.status && row) emit("deployment.status", { deploymentId: id, purpose: row.purpose, status: change.status });
}

export function loadResources(deploymentId: string): Map<string, DeploymentResource> {
  const rows = getDb().select().from(deploymentResources).where(eq(deploymentResources.deploymentId, deploymentId)).all();
  return new Map(rows.map((r) => [r.nodeId, { ...r, details: openDetails(deploymentId, r.nodeId, r.details) }]));
}

export function saveResource(
  deploymentId: string,
  nodeId: string,
  values: Pick<DeploymentResource, "type" | "status" | "details"> & { externalId?: string | null },
): void {
  const db = getDb();
  values = { ...values, details: sealDetails(deploymentId, nodeId, values.details) };
  const existing = db
    .select({ id: deploymentResources.id })
    .from(deploymentResources)
    .where(and(eq(deploymentResources.deploymentId, deploymentId), eq(deploymentResources.nodeId, nodeId)))
    .get();
  if (existing) {
    db.update(deploymentResources).set({ ...values, updatedAt: new Date() }).where(eq(deploymentResources.id, existing.id)).run();
  } else {
    db.insert(deploymentResources).values({ deploymentId, nodeId, ...values }).run();
  }
}
