import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { getDb, isUniqueViolation } from "@/db";
import { deployments, myApps, trialUses, type Deployment, type MyApp, type User } from "@/db/schema";
import { assertRole } from "@/lib/auth/roles";
import { now } from "@/lib/clock";
import { beginUninstall, createDeployment, uninstallBegun } from "@/lib/deploy/service";
import { ConflictError, InvalidStateError, NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/queue";
import { listedSpecOrThrow, listingOrThrow } from "./access";
import { EXPIRE_JOB } from "./expiry";
import { renameSchema, TRIAL_DAYS, type TrialInput } from "./schema";

const DAY_MS = 24 * 60 * 60 * 1000;
const LIVE = ["pending", "installing", "running", "uninstalling"] as const;

/** One of the buyer's apps; anybody else's is "not found", never "forbidden". */
export function ownMyApp(user: Pick<User, "id">, id: string): MyApp {
  const app = getDb().select().from(myApps).where(and(eq(myApps.id, id), eq(myApps.ownerId, user.id))).get();
  if (!app || app.status === "deleting") throw new NotFoundError("myAppNotFound");
  return app;
}

function deploymentOf(app: MyApp): Deployment | undefined {
  return app.deploymentId ? getDb().select().from(deployments).where(eq(deployments.id, app.deploymentId)).get() : undefined;
}

/**
 * "7天试用": a record in 我的IoT应用, not yet deployed. One trial per buyer and listing, ever: a
 * deleted or expired one still counts (trial_uses outlives the my_apps row).
 */
export function createTrial(user: User, input: TrialInput): MyApp {
  assertRole(user, "buyer");
  const listing = listingOrThrow(input.listingId);
  const spec = listedSpecOrThrow(listing, input.specId);
  if (!spec.allowTrial) throw new ValidationError("specNoTrial", { specId: ["specNoTrial"] });
  try {
    return getDb().transaction((tx) => {
      tx.insert(trialUses).values({ buyerId: user.id, listingId: listing.id }).run();
      return tx
        .insert(myApps)
        .values({ id: randomUUID(), ownerId: user.id, listingId: listing.id, kind: "trial", name: listing.name, spec })
        .returning()
        .get();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("trialUsed");
    throw error;
  }
}

/**
 * "启动自动化部署": installs a private instance of the app's spec with the ISV's images. A trial's
 * seven days start with its first installation; its expiry is queued for the worker then.
 */
export function deployMyApp(user: User, id: string): Deployment {
  assertRole(user, "buyer");
  const app = ownMyApp(user, id);
  if (app.status === "expired") throw new InvalidStateError("myAppExpired");
  const current = deploymentOf(app);
  if (current && (LIVE as readonly string[]).includes(current.status)) throw new InvalidStateError("myAppDeployed");
  const listing = listingOrThrow(app.listingId);
  const startsTrial = app.kind === "trial" && !app.startedAt;
  const deployment = createDeployment(
    user,
    { graph: app.spec.graph, purpose: app.kind === "trial" ? "trial" : "purchase", location: app.spec.location, specId: app.spec.id, imagesOwnerId: listing.ownerId },
    (tx, row) => {
      const startedAt = new Date(now());
      const claimed = tx
        .update(myApps)
        .set({
          deploymentId: row.id,
          updatedAt: startedAt,
          ...(startsTrial ? { startedAt, expiresAt: new Date(startedAt.getTime() + TRIAL_DAYS * DAY_MS) } : {}),
        })
        // Only if nobody deployed (or deleted) it meanwhile; otherwise this deployment is rolled back too.
        .where(
          and(
            eq(myApps.id, app.id),
            eq(myApps.status, "active"),
            app.deploymentId ? eq(myApps.deploymentId, app.deploymentId) : isNull(myApps.deploymentId),
          ),
        )
        .returning()
        .get();
      if (!claimed) throw new InvalidStateError("myAppDeployed");
      if (startsTrial) enqueueJob(tx, EXPIRE_JOB, app.id, claimed.expiresAt!.getTime());
    },
  );
  return deployment;
}

/** Uninstalls the app's instance; the record stays (and can be deployed again while active). */
export function uninstallMyApp(user: User, id: string): Deployment {
  assertRole(user, "buyer");
  const app = ownMyApp(user, id);
  const current = deploymentOf(app);
  if (!current || current.status !== "running") throw new InvalidStateError("myAppNotRunning");
  const row = getDb().transaction((tx) => beginUninstall(tx, current.id));
  if (!row) throw new InvalidStateError("deploymentBusy");
  uninstallBegun(row);
  return row;
}

export function renameMyApp(user: User, id: string, input: unknown): MyApp {
  assertRole(user, "buyer");
  const parsed = renameSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalidInput", zodFieldErrors(parsed.error));
  ownMyApp(user, id);
  return getDb().update(myApps).set({ name: parsed.data.name, updatedAt: new Date() }).where(eq(myApps.id, id)).returning().get()!;
}

/**
 * 删除: an app with a running instance is uninstalled first and goes when that finishes
 * (instances.ts); one without goes at once. An instance still being installed or removed must
 * finish first.
 */
export function deleteMyApp(user: User, id: string): { uninstalling: boolean } {
  assertRole(user, "buyer");
  const app = ownMyApp(user, id);
  const current = deploymentOf(app);
  if (current && ["pending", "installing", "uninstalling"].includes(current.status)) throw new InvalidStateError("myAppBusy");
  const begun = getDb().transaction((tx) => {
    if (current?.status === "running") {
      const row = beginUninstall(tx, current.id);
      if (!row) throw new InvalidStateError("myAppBusy");
      tx.update(myApps).set({ status: "deleting", updatedAt: new Date() }).where(eq(myApps.id, id)).run();
      return row;
    }
    tx.delete(myApps).where(eq(myApps.id, id)).run();
    return undefined;
  });
  if (begun) uninstallBegun(begun);
  return { uninstalling: Boolean(begun) };
}
