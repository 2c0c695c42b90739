import "server-only";
import { randomUUID } from "node:crypto";
import { eq, max } from "drizzle-orm";
import { getDb, isUniqueViolation } from "@/db";
import { industries, type User } from "@/db/schema";
import { assertRole } from "@/lib/auth/roles";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { emit } from "@/lib/events";
import type { IndustryInput } from "./schema";

/**
 * Adds an industry (operators only). Existing applications keep the names they chose, so editing
 * the lists never rewrites an application.
 */
export function createIndustry(user: User, input: IndustryInput) {
  assertRole(user, "operator");
  const db = getDb();
  const position = (db.select({ p: max(industries.position) }).from(industries).get()?.p ?? 0) + 1;
  try {
    const row = db.insert(industries).values({ id: randomUUID(), ...input, nameEn: input.nameEn ?? null, scenariosEn: input.scenariosEn ?? {}, position }).returning().get();
    emit("industries.changed", {}); // the marketplace's filters list them
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("industryExists", { name: ["industryExists"] });
    throw error;
  }
}

/** Renames an industry or replaces its scenarios (operators only); English names left out stay as they are. */
export function updateIndustry(user: User, id: string, input: IndustryInput) {
  assertRole(user, "operator");
  try {
    const row = getDb().update(industries).set(input).where(eq(industries.id, id)).returning().get();
    if (!row) throw new NotFoundError("industryNotFound");
    emit("industries.changed", {});
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("industryExists", { name: ["industryExists"] });
    throw error;
  }
}

export function deleteIndustry(user: User, id: string): void {
  assertRole(user, "operator");
  const row = getDb().delete(industries).where(eq(industries.id, id)).returning().get();
  if (!row) throw new NotFoundError("industryNotFound");
  emit("industries.changed", {});
}
