import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import { getDb, isUniqueViolation } from "@/db";
import { deployments, deploymentTargets, type Deployment, type DeployGraphJson, type Location, type Purpose, type User } from "@/db/schema";
import { ConflictError, InvalidStateError, NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { assertRole } from "@/lib/auth/roles";
import { emit } from "@/lib/events";
import { enqueueJob } from "@/lib/jobs/queue";
import { wakeWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/log/logger.mjs";
import { DEPLOY_JOB } from "./job-kinds";
import { planGraph, PlanError } from "./planner";
import { providerFor } from "./providers";
import { dockerSettingsSchema, targetSchema, type TargetInput } from "./schema";
import { dockerStoredSettings, kubernetesStoredSettings } from "./target-settings";
import { TargetError } from "./types";

/** An enabled target serving this location; the oldest one when several do. */
export function targetForLocation(location: Location) {
  const targets = getDb().select().from(deploymentTargets).where(eq(deploymentTargets.enabled, true)).orderBy(deploymentTargets.createdAt).all();
  return targets.find((t) => t.locations.includes(location)) ?? null;
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

/**
 * Asks for an installation of `graph`; the worker carries it out. `imagesOwnerId` names whose
 * images the workloads run when that is not the owner (a buyer's trial runs the ISV's images);
 * `alongside` writes the caller's own rows in the same transaction, so both exist or neither.
 * A second live deploy test of a spec, or a second experience instance, is refused.
 */
export function createDeployment(
  user: Pick<User, "id">,
  input: { graph: DeployGraphJson; purpose: Purpose; location: Location; specId?: string; imagesOwnerId?: string },
  alongside?: (tx: Tx, deployment: Deployment) => void,
): Deployment {
  try {
    planGraph(input.graph);
  } catch (error) {
    if (error instanceof PlanError) throw new ValidationError("graphInvalid", undefined, { reason: error.message });
    throw error;
  }
  const target = targetForLocation(input.location);
  if (!target) throw new InvalidStateError("noTargetForLocation", undefined, { location: input.location });
  try {
    const created = getDb().transaction((tx) => {
      const row = tx
        .insert(deployments)
        .values({
          id: randomUUID(),
          ownerId: user.id,
          imagesOwnerId: input.imagesOwnerId && input.imagesOwnerId !== user.id ? input.imagesOwnerId : null,
          specId: input.specId ?? null,
          purpose: input.purpose,
          targetId: target.id,
          graph: input.graph,
        })
        .returning()
        .get();
      alongside?.(tx, row);
      enqueueJob(tx, DEPLOY_JOB, row.id);
      return row;
    });
    wakeWorker();
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(input.purpose === "experience" ? "experienceRunning" : "deployTestRunning");
    throw error;
  }
}

function ownDeployment(user: Pick<User, "id">, id: string): Deployment {
  const row = getDb().select().from(deployments).where(and(eq(deployments.id, id), eq(deployments.ownerId, user.id))).get();
  if (!row) throw new NotFoundError("deploymentNotFound");
  return row;
}

/**
 * Moves a running instance to `uninstalling` and queues the work, inside the caller's transaction
 * (call uninstallBegun() after it commits); undefined when the instance is not running.
 */
export function beginUninstall(tx: Tx, id: string): Deployment | undefined {
  const row = tx
    .update(deployments)
    .set({ status: "uninstalling", updatedAt: new Date() })
    .where(and(eq(deployments.id, id), eq(deployments.status, "running")))
    .returning()
    .get();
  if (row) enqueueJob(tx, DEPLOY_JOB, id);
  return row;
}

/** After the transaction of beginUninstall committed: the change is announced and the worker starts. */
export function uninstallBegun(row: Deployment): void {
  emit("deployment.status", { deploymentId: row.id, purpose: row.purpose, status: row.status });
  wakeWorker();
}

/** Uninstalls a running instance; the worker removes its resources in reverse order. */
export function requestUninstall(user: Pick<User, "id">, id: string): Deployment {
  const current = ownDeployment(user, id);
  if (current.status !== "running") throw new InvalidStateError(current.status === "deleted" ? "deploymentDeleted" : "deploymentBusy");
  const updated = getDb().transaction((tx) => {
    const row = beginUninstall(tx, id);
    if (!row) throw new InvalidStateError("deploymentBusy");
    return row;
  });
  uninstallBegun(updated);
  return updated;
}

/** The target as stored; a Kubernetes target's secrets encrypted, blank ones kept from `previous`. */
async function parseTarget(id: string, input: TargetInput, previous?: Record<string, unknown>) {
  const parsed = targetSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalidInput", zodFieldErrors(parsed.error));
  if (parsed.data.provider === "docker") return { ...parsed.data, settings: dockerStoredSettings(id, parsed.data.settings, previous) };
  if (parsed.data.provider === "kubernetes") return { ...parsed.data, settings: await kubernetesStoredSettings(id, parsed.data.settings, previous) };
  return parsed.data;
}

export async function createTarget(user: Pick<User, "roles">, input: TargetInput) {
  assertRole(user, "operator");
  const id = randomUUID();
  const values = await parseTarget(id, input);
  try {
    return getDb().insert(deploymentTargets).values({ id, ...values }).returning().get();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("targetNameTaken", { name: ["targetNameTaken"] });
    throw error;
  }
}

export async function updateTarget(user: Pick<User, "roles">, id: string, input: TargetInput) {
  assertRole(user, "operator");
  const existing = getDb().select().from(deploymentTargets).where(eq(deploymentTargets.id, id)).get();
  if (!existing) throw new NotFoundError("targetNotFound");
  const values = await parseTarget(id, input, existing.provider === input.provider ? existing.settings : undefined);
  try {
    const row = getDb().update(deploymentTargets).set(values).where(eq(deploymentTargets.id, id)).returning().get();
    if (!row) throw new NotFoundError("targetNotFound");
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("targetNameTaken", { name: ["targetNameTaken"] });
    throw error;
  }
}

/** "测试连接": what the engine says about itself, or why it does not answer. */
export async function checkTarget(user: Pick<User, "roles">, id: string): Promise<string> {
  assertRole(user, "operator");
  const target = getDb().select().from(deploymentTargets).where(eq(deploymentTargets.id, id)).get();
  if (!target) throw new NotFoundError("targetNotFound");
  try {
    return await providerFor(target).check();
  } catch (error) {
    if (error instanceof TargetError) throw new InvalidStateError(error.key, undefined, error.params);
    throw new InvalidStateError("targetUnreachable", undefined, { reason: error instanceof Error ? error.message : String(error) });
  }
}

/** Why the Docker Engine at `socketPath` cannot be used, or null when it answers. */
async function dockerUnusable(socketPath: string, check: () => Promise<string>): Promise<string | null> {
  if (!fs.existsSync(socketPath)) return `there is no Docker Engine socket at ${socketPath} (set DOCKER_SOCKET)`;
  try {
    await check();
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /EACCES/.test(message)
      ? `; this server's user may not open the socket: give it the socket's group (in a container: docker run --group-add $(stat -c %g ${socketPath}) on the host, or group_add in compose.yaml)`
      : "";
    return `the Docker Engine at ${socketPath} does not answer: ${message}${hint}`;
  }
}

/**
 * At the first start: a `local` target for this machine's Docker socket when one answers
 * (DOCKER_SOCKET, default /var/run/docker.sock), else a simulated sandbox target that keeps the
 * reason, shown on the targets page and logged, so that no install turns into a simulation
 * unnoticed. DOCKER_PROBE_HOST and DOCKER_PUBLIC_HOST become the target's probeHost and publicHost
 * (Stagecraft in a container reaches the host's published ports at host.docker.internal).
 * Returns the reason when it created the sandbox target, for the first start's welcome.
 */
export async function ensureLocalTarget(): Promise<string | null> {
  const db = getDb();
  if (db.select({ id: deploymentTargets.id }).from(deploymentTargets).get()) return null;
  const socketPath = process.env.DOCKER_SOCKET || "/var/run/docker.sock";
  const parsed = dockerSettingsSchema.safeParse({
    socketPath,
    probeHost: process.env.DOCKER_PROBE_HOST || undefined,
    publicHost: process.env.DOCKER_PUBLIC_HOST || undefined,
  });
  if (!parsed.success) {
    const names: Record<string, string> = { socketPath: "DOCKER_SOCKET", probeHost: "DOCKER_PROBE_HOST", publicHost: "DOCKER_PUBLIC_HOST" };
    const wrong = parsed.error.issues.map((issue) => names[String(issue.path[0])] ?? String(issue.path[0]));
    throw new Error(`${[...new Set(wrong)].join(", ")}: not a valid ${wrong.length > 1 ? "values" : "value"} (an absolute socket path; a host name or IP address)`);
  }
  const settings = parsed.data;
  const docker = { id: randomUUID(), name: "local", locations: ["cloud", "edge", "private"] as Location[], provider: "docker" as const, settings };
  const reason = await dockerUnusable(socketPath, () => providerFor({ ...docker, enabled: true, createdAt: new Date() }).check());
  if (reason) log.warn(`deployments will be simulated (target local-sandbox): ${reason}. Operators can add a real target at /admin/targets.`);
  db.insert(deploymentTargets)
    .values(reason ? { ...docker, name: "local-sandbox", provider: "sandbox", settings: { delayMs: 400, fallbackReason: reason } } : docker)
    .onConflictDoNothing()
    .run();
  return reason;
}
