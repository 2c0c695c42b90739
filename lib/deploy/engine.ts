import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deployments, deploymentTargets, type Deployment, type DeploymentOutput, type DeploymentResource, type DeploymentTarget } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { registryTokenTtlMs } from "@/lib/env";
import { getReadyVersionByRef } from "@/lib/images/queries";
import { enqueueJob } from "@/lib/jobs/queue";
import { pullCredentials } from "@/lib/registry/pull";
import { revokePullTokens } from "@/lib/registry/tokens";
import { markSpecTested } from "@/lib/specs/service";
import { NodeFailure, planGraph, PlanError, runScheduled, type Plan } from "./planner";
import type { ResourceType } from "@/lib/catalog/graph";
import { PROPERTY_SCHEMAS } from "@/lib/catalog/properties";
import { PULL_REFRESH_JOB } from "./job-kinds";
import { providerFor } from "./providers";
import { loadResources, recordEvent, saveResource, updateDeployment } from "./records";
import type { NodeContext, NodeDetails, Provider } from "./types";

type Graph = Deployment["graph"];

type EnvironmentProvider = (deploymentId: string) => Record<string, string>;
// On globalThis, as lib/events' listeners: every bundle's copy of the engine sees what was set.
const ENVIRONMENT = Symbol.for("stagecraft.workload-environment");
const globals = globalThis as typeof globalThis & { [ENVIRONMENT]?: EnvironmentProvider };
const platformEnvironment = (deploymentId: string) => globals[ENVIRONMENT]?.(deploymentId) ?? {};

/**
 * Set at start-up by the domain that knows what the platform hands a deployment's workloads (a
 * buyer's app gets its API address and app key: lib/marketplace/app-keys.ts); nothing by default.
 */
export function provideWorkloadEnvironment(provide: EnvironmentProvider): void {
  globals[ENVIRONMENT] = provide;
}
type Node = Graph["nodes"][number];

function parseProperties(node: Node): Record<string, unknown> {
  const schema = PROPERTY_SCHEMAS[node.type as ResourceType];
  if (!schema) throw new Error(`unknown resource type "${node.type}"`);
  const parsed = schema.safeParse(node.properties ?? {});
  if (!parsed.success) throw new Error(`invalid properties: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** The context a provider needs for one node, from the graph and what is recorded so far. */
function contextFor(d: Deployment, plan: Plan, nodes: Map<string, Node>, resources: Map<string, DeploymentResource>, nodeId: string): NodeContext {
  const node = nodes.get(nodeId)!;
  const properties = parseProperties(node);
  const ctx: NodeContext = {
    deploymentId: d.id,
    nodeId,
    type: node.type as ResourceType,
    properties,
    details: resources.get(nodeId)?.details ?? {},
    dependencies: plan.dependsOn.get(nodeId)!.map((dep) => ({
      nodeId: dep,
      type: nodes.get(dep)!.type as ResourceType,
      properties: parseProperties(nodes.get(dep)!),
      details: resources.get(dep)?.details ?? {},
    })),
    log: (level, message) => recordEvent(d.id, nodeId, level, message),
  };
  if (node.type === "credentials" && !ctx.details.password) {
    // Generated once and recorded before use, so a retried step hands out the same account.
    ctx.details = { username: properties.username, password: randomBytes(12).toString("base64url") };
  }
  return ctx;
}

/** Targets that pull images from the registry endpoint instead of loading the archive. */
function pullsFromRegistry(target: DeploymentTarget): boolean {
  return target.provider === "kubernetes" || (target.provider === "docker" && target.settings.pullFromRegistry === true);
}

/** The image a workload runs: the images' owner's (an ISV's, also in a buyer's deployment). */
function imageFor(d: Deployment, target: DeploymentTarget, ref: string): NodeContext["image"] {
  const owner = d.imagesOwnerId ?? d.ownerId;
  const version = getReadyVersionByRef(owner, ref);
  if (!version?.filePath) throw new Error(`image ${ref} is not one of the owner's ready images`);
  if (version.kind !== "docker") throw new Error(`image ${ref} is a VM image, which cannot be deployed yet`);
  if (!version.imageId) throw new Error(`image ${ref} has no recorded content identity yet; it is being indexed, try again in a minute`);
  const image: NonNullable<NodeContext["image"]> = { ref, id: version.imageId, archivePath: version.filePath };
  if (pullsFromRegistry(target)) image.pull = pullCredentials(d.id, owner, d.graph, ref);
  return image;
}

/** The ports a workload's public endpoints expose (an endpoint's own port, else the workload's). */
function exposuresOf(plan: Plan, nodes: Map<string, Node>, workloadId: string, workloadPort: number): { port: number }[] {
  return plan.dependents
    .get(workloadId)!
    .filter((id) => nodes.get(id)!.type === "endpoint")
    .map((id) => parseProperties(nodes.get(id)!) as { port?: number; public: boolean })
    .filter((endpoint) => endpoint.public)
    .map((endpoint) => ({ port: endpoint.port ?? workloadPort }));
}

function outputsOf(plan: Plan, nodes: Map<string, Node>, resources: Map<string, DeploymentResource>): DeploymentOutput[] {
  const outputs: DeploymentOutput[] = [];
  for (const id of plan.order) {
    const node = nodes.get(id)!;
    const details = resources.get(id)?.details ?? {};
    const first = (name: string) => !outputs.some((o) => o.name === name);
    if (node.type === "endpoint" && parseProperties(node).public !== false && details.url) {
      outputs.push({ name: first("accessUrl") ? "accessUrl" : `accessUrl.${id}`, label: "Access URL", value: String(details.url), secret: false });
    }
    if (node.type === "credentials") {
      outputs.push({ name: first("username") ? "username" : `username.${id}`, label: "Account", value: String(details.username), secret: false });
      outputs.push({ name: first("password") ? "password" : `password.${id}`, label: "Password", value: String(details.password), secret: true });
    }
  }
  return outputs;
}

/**
 * Removes what was created, dependents before what they depend on (already removed nodes are
 * skipped), then what belongs to the deployment as a whole.
 */
async function removeAll(d: Deployment, plan: Plan, nodes: Map<string, Node>, provider: Provider, signal?: AbortSignal): Promise<void> {
  const resources = loadResources(d.id);
  const ids = plan.order.filter((id) => resources.has(id) && resources.get(id)!.status !== "deleted");
  await runScheduled(ids, (id) => plan.dependents.get(id)!, async (id) => {
    const row = resources.get(id)!;
    saveResource(d.id, id, { type: row.type, status: "deleting", details: row.details, externalId: row.externalId });
    const ctx = contextFor(d, plan, nodes, resources, id);
    await provider.remove(ctx, row.externalId);
    saveResource(d.id, id, { type: row.type, status: "deleted", details: row.details, externalId: row.externalId });
    recordEvent(d.id, id, "info", `${row.type} removed`);
  }, signal);
  await provider.removeDeployment?.(d.id, (level, message) => recordEvent(d.id, null, level, message));
}

async function install(d: Deployment, plan: Plan, nodes: Map<string, Node>, provider: Provider, target: DeploymentTarget, signal?: AbortSignal): Promise<void> {
  const targetName = target.name;
  try {
    recordEvent(d.id, null, "info", `target ${targetName}: ${await provider.check()}`);
  } catch (error) {
    const message = `the target ${targetName} does not answer: ${error instanceof Error ? error.message : error}`;
    recordEvent(d.id, null, "error", message);
    updateDeployment(d.id, { status: "failed", failureMessage: message });
    return; // nothing was created
  }
  const resources = loadResources(d.id);
  try {
    await runScheduled(plan.order, (id) => plan.dependsOn.get(id)!, async (id) => {
      if (resources.get(id)?.status === "created") return; // done before a restart
      const ctx = contextFor(d, plan, nodes, resources, id);
      if (ctx.type === "workload") {
        ctx.image = imageFor(d, target, String(ctx.properties.image));
        ctx.environment = platformEnvironment(d.id);
        ctx.exposures = exposuresOf(plan, nodes, id, Number(ctx.properties.port));
      }
      saveResource(d.id, id, { type: ctx.type, status: "creating", details: ctx.details });
      recordEvent(d.id, id, "info", `creating ${ctx.type} ${nodes.get(id)!.name ?? id}`);
      const created = await provider.create(ctx);
      const details: NodeDetails = { ...ctx.details, ...created.details };
      saveResource(d.id, id, { type: ctx.type, status: "created", details, externalId: created.externalId });
      resources.set(id, { ...resources.get(id)!, nodeId: id, type: ctx.type, status: "created", details, externalId: created.externalId });
      recordEvent(d.id, id, "info", `${ctx.type} ready`);
    }, signal);
  } catch (error) {
    if (!(error instanceof NodeFailure)) throw error;
    recordEvent(d.id, error.nodeId, "error", error.message);
    updateDeployment(d.id, { failedNodeId: error.nodeId, failureMessage: error.message });
    return rollBack({ ...d, failedNodeId: error.nodeId }, plan, nodes, provider, signal);
  }
  updateDeployment(d.id, { status: "running", outputs: outputsOf(plan, nodes, loadResources(d.id)) });
  recordEvent(d.id, null, "info", "installed");
  if (provider.refreshPull && pullsFromRegistry(target)) enqueueJob(getDb(), PULL_REFRESH_JOB, d.id, nextPullRefresh());
}

/** Pull tokens are renewed when half their lifetime is gone. */
const nextPullRefresh = () => clockNow() + registryTokenTtlMs() / 2;

/**
 * Hands a running deployment's workloads fresh pull tokens, where the engine keeps pull
 * credentials to pull again later (a Kubernetes pod started on another node, hours after the
 * install, still needs a token that works). Old tokens are left to expire: a pull under way keeps
 * working. Returns the clock time of the next refresh, or null when the deployment no longer runs.
 */
export async function refreshPullCredentials(deploymentId: string, provider?: Provider): Promise<number | null> {
  const db = getDb();
  const d = db.select().from(deployments).where(eq(deployments.id, deploymentId)).get();
  if (d?.status !== "running") return null;
  const target = db.select().from(deploymentTargets).where(eq(deploymentTargets.id, d.targetId)).get()!;
  provider ??= providerFor(target);
  if (!provider.refreshPull || !pullsFromRegistry(target)) return null;
  const plan = planGraph(d.graph);
  const nodes = new Map(d.graph.nodes.map((n) => [n.id, n]));
  const resources = loadResources(d.id);
  for (const id of plan.order) {
    if (nodes.get(id)!.type !== "workload" || resources.get(id)?.status !== "created") continue;
    const ctx = contextFor(d, plan, nodes, resources, id);
    ctx.image = imageFor(d, target, String(ctx.properties.image));
    await provider.refreshPull(ctx);
  }
  return nextPullRefresh();
}

async function rollBack(d: Deployment, plan: Plan, nodes: Map<string, Node>, provider: Provider, signal?: AbortSignal): Promise<void> {
  recordEvent(d.id, null, "warn", `rolling back after the failure of ${d.failedNodeId}`);
  await removeAll(d, plan, nodes, provider, signal);
  updateDeployment(d.id, { status: "failed" });
  revokePullTokens(d.id);
  recordEvent(d.id, null, "info", "rolled back");
}

/**
 * Drives a deployment one step further from whatever state is recorded: installs a pending one,
 * resumes an interrupted install (or its rollback), uninstalls one being uninstalled. Called by the
 * worker's job; safe to call again at any point. When `signal` is aborted (the server is stopping),
 * the nodes being created or removed finish, no further one starts, and the abort's reason is
 * thrown: the deployment stays as recorded, and the next run resumes it.
 */
export async function reconcileDeployment(deploymentId: string, provider?: Provider, signal?: AbortSignal): Promise<void> {
  const db = getDb();
  const d = db.select().from(deployments).where(eq(deployments.id, deploymentId)).get();
  if (!d) return;
  const target = db.select().from(deploymentTargets).where(eq(deploymentTargets.id, d.targetId)).get()!;
  provider ??= providerFor(target);
  let plan: Plan;
  try {
    plan = planGraph(d.graph);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    updateDeployment(d.id, { status: "failed", failureMessage: `invalid graph: ${error.message}` });
    return;
  }
  const nodes = new Map(d.graph.nodes.map((n) => [n.id, n]));

  switch (d.status) {
    case "pending":
      updateDeployment(d.id, { status: "installing" });
      recordEvent(d.id, null, "info", "install started");
      return install(d, plan, nodes, provider, target, signal);
    case "installing":
      if (d.failedNodeId) return rollBack(d, plan, nodes, provider, signal);
      recordEvent(d.id, null, "warn", "resuming an interrupted install");
      return install(d, plan, nodes, provider, target, signal);
    case "uninstalling":
      await removeAll(d, plan, nodes, provider, signal);
      updateDeployment(d.id, { status: "deleted", outputs: null });
      revokePullTokens(d.id);
      recordEvent(d.id, null, "info", "uninstalled");
      // Installed on a real engine, ran, and came off cleanly: that is what a deploy test has to
      // show, and only for the graph that ran (the spec may have been edited meanwhile).
      if (d.purpose === "test" && d.specId && !provider.simulated) markSpecTested(d.specId, d.graph);
      return;
    default:
      return;
  }
}
