import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { applications, specs, type Spec } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import type { PricePlan } from "./schema";

/** One of the owner's specs with its application; another owner's id is "not found". */
export function getSpecOrThrow(ownerId: string, specId: string) {
  const row = getDb()
    .select({ spec: specs, application: applications })
    .from(specs)
    .innerJoin(applications, eq(applications.id, specs.applicationId))
    .where(and(eq(specs.id, specId), eq(applications.ownerId, ownerId)))
    .get();
  if (!row) throw new NotFoundError("specNotFound");
  return row;
}

/** The specs of an application the caller has already been checked to own, oldest first. */
export function listSpecs(applicationId: string): Spec[] {
  return getDb().select().from(specs).where(eq(specs.applicationId, applicationId)).orderBy(asc(specs.createdAt), asc(specs.name)).all();
}

export function pricePlanOf(spec: Pick<Spec, "priceMonthly" | "priceYearly" | "currency">): PricePlan {
  if (spec.priceMonthly === null && spec.priceYearly === null) return null;
  const major = (cents: number | null) => (cents === null ? null : cents / 100);
  return { currency: spec.currency ?? "CNY", perMonth: major(spec.priceMonthly), perYear: major(spec.priceYearly) };
}

/** A spec as the REST API shows it. */
export function specToJson(spec: Spec) {
  return {
    id: spec.id,
    applicationId: spec.applicationId,
    type: spec.type,
    location: spec.location,
    name: spec.name,
    description: spec.description,
    allowTrial: spec.allowTrial,
    status: spec.status,
    pricePlan: pricePlanOf(spec),
    needsAttention: spec.unresolvedImages.length > 0,
    unresolvedImages: spec.unresolvedImages,
    graph: spec.graph,
    createdAt: spec.createdAt.toISOString(),
    updatedAt: spec.updatedAt.toISOString(),
  };
}
