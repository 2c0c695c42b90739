import "server-only";
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { deployments, experienceGrants, users, type Deployment, type DeploymentOutput, type Listing, type User } from "@/db/schema";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { assertRole } from "@/lib/auth/roles";
import { getListingOfApplication } from "@/lib/reviews/queries";
import { openOutputs } from "@/lib/deploy/sealed";
import { createDeployment, requestUninstall } from "@/lib/deploy/service";
import { InvalidStateError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { listingOrThrow } from "./access";
import { experienceSchema } from "./schema";

const LIVE = ["pending", "installing", "running", "uninstalling"] as const;

/** The listing's shared experience instance, if one is live (at most one per experience spec). */
export function experienceInstance(listing: Pick<Listing, "ownerId" | "experienceSpecIds">): Deployment | undefined {
  if (listing.experienceSpecIds.length === 0) return undefined;
  return getDb()
    .select()
    .from(deployments)
    .where(
      and(
        eq(deployments.purpose, "experience"),
        eq(deployments.ownerId, listing.ownerId),
        inArray(deployments.specId, listing.experienceSpecIds),
        inArray(deployments.status, [...LIVE]),
      ),
    )
    .orderBy(desc(deployments.createdAt))
    .get();
}

/**
 * The listing whose experience the user may run: an ISV's own application's, or any for an
 * operator. Others' applications are "not found".
 */
function experienceListing(user: User, applicationId: string) {
  if (!user.roles.includes("operator")) {
    assertRole(user, "isv");
    getApplicationOrThrow(user.id, applicationId);
  }
  const listing = getListingOfApplication(applicationId);
  if (!listing) throw new InvalidStateError("notListed");
  return listing;
}

/**
 * Starts the shared experience instance of a listed experience spec, as listed (the approved
 * graph), by its ISV or an operator. The ISV owns it either way; while it runs, the listing shows
 * "免费体验".
 */
export function startExperience(user: User, applicationId: string, specId: string): Deployment {
  const listing = experienceListing(user, applicationId);
  const spec = listing.specs.find((s) => s.id === specId && s.type === "experience");
  if (!spec) throw new ValidationError("specNotExperience", { specId: ["specNotExperience"] });
  return createDeployment({ id: listing.ownerId }, { graph: spec.graph, purpose: "experience", location: spec.location, specId: spec.id });
}

export function stopExperience(user: User, applicationId: string): Deployment {
  const listing = experienceListing(user, applicationId);
  const instance = experienceInstance(listing);
  if (!instance) throw new InvalidStateError("experienceNotRunning");
  return requestUninstall({ id: listing.ownerId }, instance.id);
}

/**
 * "立即体验": a buyer who accepted the experience agreement gets the running instance's access
 * URL, account and password; every grant is recorded for the ISV to see.
 */
export function grantExperience(user: User, input: unknown): DeploymentOutput[] {
  assertRole(user, "buyer");
  const parsed = experienceSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("agreementRequired", zodFieldErrors(parsed.error));
  const instance = experienceInstance(listingOrThrow(parsed.data.listingId));
  if (!instance || instance.status !== "running") throw new InvalidStateError("experienceNotRunning");
  getDb().insert(experienceGrants).values({ listingId: parsed.data.listingId, deploymentId: instance.id, buyerId: user.id }).run();
  return openOutputs(instance.id, instance.outputs) ?? [];
}

/** Who was handed the experience of the application (its ISV's or, for operators, any), newest first. */
export function listExperienceGrants(user: User, applicationId: string, limit = 50) {
  let listing;
  try {
    listing = experienceListing(user, applicationId);
  } catch (error) {
    if (error instanceof InvalidStateError) return { total: 0, rows: [] }; // not listed (yet)
    throw error;
  }
  const db = getDb();
  const total = db.select({ n: count() }).from(experienceGrants).where(eq(experienceGrants.listingId, listing.id)).get()!.n;
  const rows = db
    .select({ id: experienceGrants.id, buyer: users.email, grantedAt: experienceGrants.grantedAt })
    .from(experienceGrants)
    .innerJoin(users, eq(users.id, experienceGrants.buyerId))
    .where(eq(experienceGrants.listingId, listing.id))
    .orderBy(desc(experienceGrants.grantedAt), desc(experienceGrants.id))
    .limit(limit)
    .all();
  return { total, rows };
}

