import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { getDb, isUniqueViolation } from "@/db";
import { applications, listings, media, specs, submissions, type Spec, type Submission, type User } from "@/db/schema";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { assertRole } from "@/lib/auth/roles";
import { ConflictError, InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { checkImage, type CheckedImage } from "./image-check";
import { emit } from "@/lib/events";
import { writeMedia } from "./media";
import { INTRO_IMAGES_MAX } from "./media-limits";
import type { DecisionInput, SubmitInput } from "./schema";

/**
 * A spec may be listed once a deploy test has passed. A listed spec keeps its status when edited
 * (buyers may hold it), so it stays eligible only while its graph is the one approved; a changed
 * one goes through a copy and a new deploy test.
 */
function listable(spec: Spec, approved: Map<string, string>): boolean {
  if (spec.status === "tested") return true;
  return spec.status === "listed" && approved.get(spec.id) === JSON.stringify(spec.graph);
}

/** The graphs of the application's current listing, by spec id, as JSON. */
function approvedGraphs(applicationId: string): Map<string, string> {
  const listing = getDb().select({ specs: listings.specs }).from(listings).where(eq(listings.applicationId, applicationId)).get();
  return new Map((listing?.specs ?? []).map((s) => [s.id, JSON.stringify(s.graph)]));
}

export type SubmitFiles = { logo?: Buffer; showcase?: Buffer; intro: Buffer[] };

/**
 * All three kinds are required: the card shows the showcase, the intro page the logo and the intro
 * images (1 to INTRO_IMAGES_MAX), and the wizard marks each field so.
 */
function checkFiles(files: SubmitFiles) {
  const required = new ValidationError("invalidInput", {});
  if (!files.logo) required.fieldErrors!.logo = ["imageRequired"];
  if (!files.showcase) required.fieldErrors!.showcase = ["imageRequired"];
  if (files.intro.length === 0) required.fieldErrors!.intro = ["imageRequired"];
  if (files.intro.length > INTRO_IMAGES_MAX) required.fieldErrors!.intro = ["tooManyIntroImages"];
  if (Object.keys(required.fieldErrors!).length) throw required;
  const items: { kind: "logo" | "showcase" | "intro"; image: CheckedImage }[] = [
    { kind: "logo", image: checkImage("logo", "logo", files.logo!) },
    { kind: "showcase", image: checkImage("showcase", "showcase", files.showcase!) },
    ...files.intro.map((b) => ({ kind: "intro" as const, image: checkImage("intro", "intro", b) })),
  ];
  return items;
}

/**
 * Creates a pending submission of one of the owner's applications: its chosen specs must be
 * tested, and there is at most one pending submission at a time. Everything is checked before
 * anything is stored.
 */
export function submitForReview(user: User, applicationId: string, input: SubmitInput, files: SubmitFiles): Submission {
  assertRole(user, "isv", "isvOnlyApps");
  const app = getApplicationOrThrow(user.id, applicationId);
  const db = getDb();
  if (db.select({ id: submissions.id }).from(submissions).where(and(eq(submissions.applicationId, app.id), eq(submissions.status, "pending"))).get()) {
    throw new ConflictError("submissionPending");
  }
  const own = db.select().from(specs).where(eq(specs.applicationId, app.id)).all();
  const approved = approvedGraphs(app.id);
  if (!own.some((s) => listable(s, approved))) throw new InvalidStateError("noTestedSpec");
  const chosen = [...new Set(input.specIds)];
  for (const id of chosen) {
    const spec = own.find((s) => s.id === id);
    if (!spec) throw new NotFoundError("specNotFound");
    if (!listable(spec, approved)) {
      throw new ValidationError("specNotTested", { specIds: ["specNotTested"] }, { name: spec.name });
    }
  }
  const items = checkFiles(files);
  const written = writeMedia(user, items);
  try {
    return db.transaction((tx) => {
      tx.insert(media).values(written.rows).run();
      const byKind = (k: string) => written.rows.filter((r) => r.kind === k).map((r) => r.id);
      const row = tx
        .insert(submissions)
        .values({
          id: randomUUID(),
          applicationId: app.id,
          submittedBy: user.id,
          material: { name: input.name, summary: input.summary, logoId: byKind("logo")[0], showcaseId: byKind("showcase")[0], introIds: byKind("intro") },
          specIds: chosen,
        })
        .returning()
        .get();
      tx.update(applications).set({ reviewStatus: "pending" }).where(eq(applications.id, app.id)).run();
      return row;
    });
  } catch (error) {
    written.remove();
    if (isUniqueViolation(error)) throw new ConflictError("submissionPending");
    throw error;
  }
}

/**
 * An operator's decision on a pending submission. Approval publishes (or replaces) the listing: a
 * copy of the material and of the chosen specs as they are now, so later edits stay unseen until
 * the next approval.
 */
export function decideSubmission(user: User, submissionId: string, input: DecisionInput): Submission {
  assertRole(user, "operator");
  const db = getDb();
  const sub = db.select().from(submissions).where(eq(submissions.id, submissionId)).get();
  if (!sub) throw new NotFoundError("submissionNotFound");
  if (sub.status !== "pending") throw new InvalidStateError("submissionDecided");
  const app = db.select().from(applications).where(eq(applications.id, sub.applicationId)).get()!;
  const chosen = sub.specIds.length ? db.select().from(specs).where(inArray(specs.id, sub.specIds)).all() : [];
  if (input.decision === "approve") {
    const approved = approvedGraphs(app.id);
    const stale = chosen.find((s) => !listable(s, approved));
    if (stale || chosen.length === 0) throw new InvalidStateError("specChangedSinceSubmit", undefined, { name: stale?.name ?? "" });
  }
  const decided = { decidedBy: user.id, decidedAt: new Date() };
  const decision = db.transaction((tx) => {
    if (input.decision === "reject") {
      tx.update(applications).set({ reviewStatus: "rejected" }).where(eq(applications.id, app.id)).run();
      return tx.update(submissions).set({ status: "rejected", reasons: input.reasons, comment: input.comment, ...decided }).where(eq(submissions.id, sub.id)).returning().get();
    }
    const snapshot = {
      submissionId: sub.id,
      ownerId: app.ownerId,
      name: sub.material.name,
      summary: sub.material.summary,
      description: app.description,
      industry: app.industry,
      scenario: app.scenario,
      logoId: sub.material.logoId,
      showcaseId: sub.material.showcaseId,
      introIds: sub.material.introIds,
      specs: chosen.map((s) => ({ id: s.id, name: s.name, type: s.type, location: s.location, description: s.description, allowTrial: s.allowTrial, priceMonthly: s.priceMonthly, priceYearly: s.priceYearly, currency: s.currency, graph: s.graph })),
      hasTrial: chosen.some((s) => s.allowTrial),
      experienceSpecIds: chosen.filter((s) => s.type === "experience").map((s) => s.id),
      publishedAt: decided.decidedAt,
    };
    tx.insert(listings).values({ id: randomUUID(), applicationId: app.id, ...snapshot }).onConflictDoUpdate({ target: listings.applicationId, set: snapshot }).run();
    tx.update(specs).set({ status: "listed" }).where(inArray(specs.id, sub.specIds)).run();
    tx.update(applications).set({ reviewStatus: "approved", publishedAt: app.publishedAt ?? decided.decidedAt }).where(eq(applications.id, app.id)).run();
    return tx.update(submissions).set({ status: "approved", comment: input.comment, ...decided }).where(eq(submissions.id, sub.id)).returning().get();
  });
  if (decision.status === "approved") emit("listings.changed", {});
  return decision;
}
