import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deployments, type Deployment, type DeployGraphJson, type User } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import { getReadyVersionByRef } from "@/lib/images/queries";
import { getSpecOrThrow } from "@/lib/specs/queries";
import { planGraph, PlanError } from "./planner";
import { PROPERTY_SCHEMAS, type ResourceType } from "./properties";
import { createDeployment } from "./service";

export type GraphProblem = { code: string; nodeId?: string; detail?: string };

/**
 * What stops a graph from being installed, as message keys of `deployProblems`: the engine's own
 * preconditions. (The canvas's validation, with its stricter drawing rules, builds on this.)
 */
export function deployProblems(ownerId: string, graph: DeployGraphJson): GraphProblem[] {
  const problems: GraphProblem[] = [];
  try {
    planGraph(graph);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    problems.push({ code: error.code, nodeId: error.nodeId });
  }
  if (!graph.nodes.some((n) => n.type === "workload")) problems.push({ code: "noWorkload" });
  for (const node of graph.nodes) {
    const schema = PROPERTY_SCHEMAS[node.type as ResourceType];
    const parsed = schema?.safeParse(node.properties ?? {});
    if (!parsed?.success) {
      problems.push({ code: "badProperties", nodeId: node.id, detail: parsed?.error.issues.map((i) => i.path.join(".")).join(", ") });
      continue;
    }
    if (node.type === "workload") {
      const image = String((parsed.data as { image: string }).image);
      const version = getReadyVersionByRef(ownerId, image);
      if (!version?.filePath) problems.push({ code: "imageNotReady", nodeId: node.id, detail: image });
      else if (version.kind !== "docker") problems.push({ code: "vmImage", nodeId: node.id, detail: image });
    }
    if (node.type === "endpoint") {
      const exposes = graph.edges.some((e) => e.from === node.id && graph.nodes.find((n) => n.id === e.to)?.type === "workload");
      if (!exposes) problems.push({ code: "endpointWithoutWorkload", nodeId: node.id });
    }
  }
  return problems;
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

/** The spec's most recent deploy test, if any. */
export function latestDeployTest(ownerId: string, specId: string): Deployment | undefined {
  return getDb()
    .select()
    .from(deployments)
    .where(and(eq(deployments.ownerId, ownerId), eq(deployments.specId, specId), eq(deployments.purpose, "test")))
    .orderBy(desc(deployments.createdAt))
    .limit(1)
    .get();
}
