import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deployments, deploymentTargets, type Deployment, type DeployGraphJson, type User } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import { validateForOwner } from "@/lib/catalog/owner";
import type { GraphProblem } from "@/lib/catalog/validate";
import { getSpecOrThrow } from "@/lib/specs/queries";
import { createDeployment } from "./service";

/**
 * What stops a graph from being installed: the catalogue's one validation (message keys of
 * `graphProblems`), so the deploy test refuses exactly what the editor shows as wrong.
 */
export function deployProblems(ownerId: string, graph: DeployGraphJson): GraphProblem[] {
  return validateForOwner(ownerId, graph);
}

/** Starts a deploy test of one of the owner's specs on a target of its location. */
export function startDeployTest(user: User, specId: string): Deployment {
  const { spec } = getSpecOrThrow(user.id, specId);
  const problems = deployProblems(user.id, spec.graph);
  if (problems.length) {
    const fields: Record<string, string[]> = {};
    for (const p of problems) (fields[p.nodeId ? `nodes.${p.nodeId}` : "graph"] ??= []).push(p.code);
    throw new ValidationError("specNotDeployable", fields, { count: String(problems.length) });
  }
  return createDeployment(user, { graph: spec.graph, purpose: "test", location: spec.location, specId: spec.id });
}

/** The spec's most recent deploy test, if any, with the target it ran on (simulated or not). */
export function latestDeployTest(ownerId: string, specId: string): (Deployment & { target: { name: string; simulated: boolean } }) | undefined {
  const row = getDb()
    .select({ deployment: deployments, name: deploymentTargets.name, provider: deploymentTargets.provider })
    .from(deployments)
    .innerJoin(deploymentTargets, eq(deploymentTargets.id, deployments.targetId))
    .where(and(eq(deployments.ownerId, ownerId), eq(deployments.specId, specId), eq(deployments.purpose, "test")))
    .orderBy(desc(deployments.createdAt))
    .limit(1)
    .get();
  return row && { ...row.deployment, target: { name: row.name, simulated: row.provider === "sandbox" } };
}
