import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { getDb, isUniqueViolation } from "@/db";
import { applications, specs, type Spec, type User } from "@/db/schema";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { assertRole } from "@/lib/auth/roles";
import { sameDeployment } from "@/lib/catalog/compare";
import { EMPTY_GRAPH, type Graph } from "@/lib/catalog/graph";
import { validateForOwner } from "@/lib/catalog/owner";
import { ConflictError, InvalidStateError, ValidationError } from "@/lib/errors";
import { rebuildImageRefs } from "./image-refs";
import { hasRunningDeployment } from "@/lib/applications/in-use";
import { getSpecOrThrow } from "./queries";
import { SPEC_NAME_MAX, type CreateSpecInput, type UpdateSpecInput } from "./schema";

type StoredFields = Omit<typeof specs.$inferInsert, "id" | "applicationId" | "unresolvedImages" | "status" | "createdAt" | "updatedAt">;

const cents = (major: number | null | undefined) => (major === null || major === undefined ? null : Math.round(major * 100));

/** Prices and currency as stored: a price needs a currency, and a currency alone means nothing. */
function pricePlanFields(input: { priceMonthly?: number | null; priceYearly?: number | null; currency?: string | null }) {
  const priceMonthly = cents(input.priceMonthly);
  const priceYearly = cents(input.priceYearly);
  const free = priceMonthly === null && priceYearly === null;
  if (!free && !input.currency) throw new ValidationError("invalidInput", { currency: ["currencyRequired"] });
  return { priceMonthly, priceYearly, currency: free ? null : (input.currency as string) };
}

function duplicateName(): ConflictError {
  return new ConflictError("specNameTaken", { name: ["specNameTaken"] });
}

/**
 * Inserts a spec and its image references in one transaction, so nothing is half-stored: a
 * duplicate name leaves neither the spec nor references behind. Its status follows its graph as
 * a saved one's does: `configured` when the graph validates, `draft` otherwise, however the spec
 * came (created with a graph, copied, imported).
 */
export function insertSpec(user: User, applicationId: string, fields: StoredFields): Spec {
  const id = randomUUID();
  const status = validateForOwner(user.id, fields.graph as Graph).length === 0 ? "configured" : "draft";
  try {
    return getDb().transaction((tx) => {
      tx.insert(specs).values({ id, applicationId, ...fields, status }).run();
      const unresolvedImages = rebuildImageRefs(tx, user.id, id, fields.graph as Graph);
      tx.update(applications).set({ updatedAt: new Date() }).where(eq(applications.id, applicationId)).run();
      return tx.update(specs).set({ unresolvedImages }).where(eq(specs.id, id)).returning().get();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

/** Adds a spec to one of the owner's applications: a draft, or configured when its graph validates. */
export function createSpec(user: User, applicationId: string, input: CreateSpecInput): Spec {
  assertRole(user, "isv", "isvOnlyApps");
  const app = getApplicationOrThrow(user.id, applicationId);
  const { graph, priceMonthly, priceYearly, currency, ...rest } = input;
  return insertSpec(user, app.id, { ...rest, ...pricePlanFields({ priceMonthly, priceYearly, currency }), graph: graph ?? EMPTY_GRAPH });
}

/**
 * The status a new graph gives a spec: `configured` only when it passes the catalogue's
 * validation, `draft` otherwise. Never `tested` for a changed graph (it has not been
 * deploy-tested); a tested spec whose nodes only moved on the canvas stays tested, and a listed
 * spec keeps its status (its review rules apply there).
 */
function graphStatus(user: User, spec: Spec, graph: Graph): { status?: "draft" | "configured" } {
  if (spec.status === "listed" || (spec.status === "tested" && sameDeployment(spec.graph, graph))) return {};
  return { status: validateForOwner(user.id, graph).length === 0 ? "configured" : "draft" };
}

/** Changes the given fields; a new graph rebuilds the image references in the same transaction. */
export function updateSpec(user: User, specId: string, input: UpdateSpecInput): Spec {
  assertRole(user, "isv", "isvOnlyApps");
  const { spec } = getSpecOrThrow(user.id, specId);
  const { graph, priceMonthly, priceYearly, currency, ...rest } = input;
  const major = (c: number | null) => (c === null ? null : c / 100);
  const plan = pricePlanFields({
    priceMonthly: priceMonthly === undefined ? major(spec.priceMonthly) : priceMonthly,
    priceYearly: priceYearly === undefined ? major(spec.priceYearly) : priceYearly,
    currency: currency === undefined ? spec.currency : currency,
  });
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  try {
    return getDb().transaction((tx) => {
      const unresolvedImages = graph ? rebuildImageRefs(tx, user.id, spec.id, graph) : spec.unresolvedImages;
      tx.update(applications).set({ updatedAt: new Date() }).where(eq(applications.id, spec.applicationId)).run();
      return tx
        .update(specs)
        .set({
          ...defined,
          ...plan,
          ...(graph ? { graph, unresolvedImages, ...graphStatus(user, spec, graph) } : {}),
          updatedAt: new Date(),
        })
        .where(eq(specs.id, spec.id))
        .returning()
        .get();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

/** Deletes one of the owner's specs; refused while it is listed or a deployment of it runs. */
export function deleteSpec(user: User, specId: string): void {
  assertRole(user, "isv", "isvOnlyApps");
  const { spec } = getSpecOrThrow(user.id, specId);
  if (spec.status === "listed") throw new InvalidStateError("specListed", undefined, { name: spec.name });
  if (hasRunningDeployment(spec.id)) throw new InvalidStateError("specDeployed", undefined, { name: spec.name });
  getDb().transaction((tx) => {
    tx.delete(specs).where(eq(specs.id, spec.id)).run();
    tx.update(applications).set({ updatedAt: new Date() }).where(eq(applications.id, spec.applicationId)).run();
  });
}

/** "<name> 副本", then "<name> 副本 2", … (the word in the ISV's language): the first that is free and fits the length limit. */
function copyName(applicationId: string, name: string, word: string): string {
  const taken = (candidate: string) =>
    Boolean(getDb().select({ id: specs.id }).from(specs).where(and(eq(specs.applicationId, applicationId), eq(specs.name, candidate))).get());
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ` ${word}` : ` ${word} ${n}`;
    const candidate = `${name.slice(0, SPEC_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

/**
 * Copies a spec with the same graph and price plan; never tested or listed, whatever the original
 * was. `word` names it a copy in the ISV's language (messages `specs.copyNameSuffix`).
 */
export function copySpec(user: User, specId: string, word: string): Spec {
  assertRole(user, "isv", "isvOnlyApps");
  const { spec } = getSpecOrThrow(user.id, specId);
  return insertSpec(user, spec.applicationId, {
    type: spec.type,
    location: spec.location,
    name: copyName(spec.applicationId, spec.name, word),
    description: spec.description,
    allowTrial: spec.allowTrial,
    graph: spec.graph,
    priceMonthly: spec.priceMonthly,
    priceYearly: spec.priceYearly,
    currency: spec.currency,
  });
}

/**
 * A deploy test of the spec installed `graph` on a real engine and was uninstalled cleanly: review
 * may now list the spec, if `graph` is still what the spec describes. A spec edited while its test
 * ran keeps its status: the graph that ran is not the one it has. Returns whether it was marked.
 */
export function markSpecTested(specId: string, graph: Parameters<typeof sameDeployment>[1]): boolean {
  return getDb().transaction((tx) => {
    const spec = tx.select({ graph: specs.graph }).from(specs).where(and(eq(specs.id, specId), inArray(specs.status, ["draft", "configured"]))).get();
    if (!spec || !sameDeployment(spec.graph, graph)) return false;
    tx.update(specs).set({ status: "tested", updatedAt: new Date() }).where(eq(specs.id, specId)).run();
    return true;
  });
}
