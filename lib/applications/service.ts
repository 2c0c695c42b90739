import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb, isUniqueViolation } from "@/db";
import { applications, specs, type Application, type User } from "@/db/schema";
import { ConflictError, InvalidStateError, ValidationError } from "@/lib/errors";
import { assertRole } from "@/lib/auth/roles";
import { isKnownScenario } from "@/lib/industries/queries";
import { hasRunningDeployment } from "./in-use";
import { getApplicationOrThrow } from "./queries";
import type { CreateApplicationInput, UpdateApplicationInput } from "./schema";

/** Industry and scenario must come from the operator's lists as they are today. */
function checkCatalogue(industry: string, scenario: string) {
  if (!isKnownScenario(industry, scenario)) {
    throw new ValidationError("invalidInput", { scenario: ["scenarioUnknown"] });
  }
}

function duplicateName(): ConflictError {
  return new ConflictError("applicationNameTaken", { name: ["applicationNameTaken"] });
}

/** Creates an application owned by `user`; names are unique per ISV. */
export function createApplication(user: User, input: CreateApplicationInput): Application {
  assertRole(user, "isv", "isvOnlyApps");
  checkCatalogue(input.industry, input.scenario);
  try {
    return getDb().insert(applications).values({ id: randomUUID(), ownerId: user.id, ...input }).returning().get();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

/** Changes the given fields of one of the owner's applications. */
export function updateApplication(user: User, applicationId: string, input: UpdateApplicationInput): Application {
  assertRole(user, "isv", "isvOnlyApps");
  const app = getApplicationOrThrow(user.id, applicationId);
  const next = { ...app, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
  if (input.industry !== undefined || input.scenario !== undefined) checkCatalogue(next.industry, next.scenario);
  try {
    return getDb()
      .update(applications)
      .set({ name: next.name, industry: next.industry, scenario: next.scenario, description: next.description, updatedAt: new Date() })
      .where(eq(applications.id, app.id))
      .returning()
      .get();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

/** Once published (approved by review), an application stays: buyers may depend on it. */
export function isPublished(app: Pick<Application, "reviewStatus" | "publishedAt">): boolean {
  return app.reviewStatus === "approved" || app.publishedAt !== null;
}

/** Deletes one of the owner's applications with its specs; refused once published or while a spec runs. */
export function deleteApplication(user: User, applicationId: string): void {
  assertRole(user, "isv", "isvOnlyApps");
  const app = getApplicationOrThrow(user.id, applicationId);
  if (isPublished(app)) throw new InvalidStateError("applicationPublished");
  const running = getDb().select({ id: specs.id, name: specs.name }).from(specs).where(eq(specs.applicationId, app.id)).all().find((s) => hasRunningDeployment(s.id));
  if (running) throw new InvalidStateError("specDeployed", undefined, { name: running.name });
  getDb().delete(applications).where(eq(applications.id, app.id)).run();
}
