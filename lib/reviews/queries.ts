import "server-only";
import { aliasedTable, and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { containsText } from "@/db/text-search";
import { getDb } from "@/db";
import { applications, listings, specs, submissions, users } from "@/db/schema";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { latestDeployTest } from "@/lib/deploy/deploy-test";
import { NotFoundError } from "@/lib/errors";
import { MARKET_PAGE_SIZE, REVIEWS_PAGE_SIZE, type MarketQuery } from "./schema";

const deciders = aliasedTable(users, "deciders");

/** The operators' queue: pending submissions, oldest first (first come, first reviewed). */
export function listPendingSubmissions(page: number) {
  const db = getDb();
  const where = eq(submissions.status, "pending");
  const total = db.select({ n: count() }).from(submissions).where(where).get()!.n;
  const rows = db
    .select({ id: submissions.id, name: applications.name, material: submissions.material, isv: users.email, createdAt: submissions.createdAt, industry: applications.industry })
    .from(submissions)
    .innerJoin(applications, eq(applications.id, submissions.applicationId))
    .innerJoin(users, eq(users.id, submissions.submittedBy))
    .where(where)
    .orderBy(asc(submissions.createdAt), asc(submissions.id))
    .limit(REVIEWS_PAGE_SIZE)
    .offset((page - 1) * REVIEWS_PAGE_SIZE)
    .all();
  return { total, pageCount: Math.max(1, Math.ceil(total / REVIEWS_PAGE_SIZE)), rows };
}

/** Everything an operator needs to judge a submission: material, chosen specs and their last deploy tests. */
export function getSubmissionForReview(submissionId: string) {
  const db = getDb();
  const row = db
    .select({ submission: submissions, application: applications, isv: users.email })
    .from(submissions)
    .innerJoin(applications, eq(applications.id, submissions.applicationId))
    .innerJoin(users, eq(users.id, applications.ownerId))
    .where(eq(submissions.id, submissionId))
    .get();
  if (!row) throw new NotFoundError("submissionNotFound");
  const chosen = row.submission.specIds.length ? db.select().from(specs).where(inArray(specs.id, row.submission.specIds)).all() : [];
  return { ...row, specs: chosen.map((spec) => ({ spec, test: latestDeployTest(row.application.ownerId, spec.id) })) };
}

/** The review history of one of the owner's applications, newest first. */
export function listReviewHistory(ownerId: string, applicationId: string) {
  getApplicationOrThrow(ownerId, applicationId);
  return getDb()
    .select({ submission: submissions, decidedBy: deciders.email })
    .from(submissions)
    .leftJoin(deciders, eq(deciders.id, submissions.decidedBy))
    .where(eq(submissions.applicationId, applicationId))
    .orderBy(desc(submissions.createdAt))
    .all();
}

/** A listed experience spec has a running experience instance (those are made by the marketplace flows). */
const hasExperience = sql<boolean>`exists (select 1 from json_each(${listings.experienceSpecIds}) j
  join deployments d on d.spec_id = j.value where d.purpose = 'experience' and d.status = 'running')`;

/** One page of the public marketplace, newest listings first, filtered on the server. */
export function listMarket(query: MarketQuery) {
  const db = getDb();
  const filters: SQL[] = [];
  if (query.q) filters.push(containsText(listings.name, query.q));
  if (query.industry) filters.push(eq(listings.industry, query.industry));
  if (query.scenario) filters.push(eq(listings.scenario, query.scenario));
  if (query.tag === "trial") filters.push(eq(listings.hasTrial, true));
  if (query.tag === "experience") filters.push(hasExperience);
  const where = filters.length ? and(...filters) : undefined;
  const total = db.select({ n: count() }).from(listings).where(where).get()!.n;
  const rows = db
    .select({
      id: listings.id,
      name: listings.name,
      summary: listings.summary,
      industry: listings.industry,
      scenario: listings.scenario,
      showcaseId: listings.showcaseId,
      hasTrial: listings.hasTrial,
      hasExperience,
    })
    .from(listings)
    .where(where)
    .orderBy(desc(listings.publishedAt), asc(listings.id))
    .limit(MARKET_PAGE_SIZE)
    .offset((query.page - 1) * MARKET_PAGE_SIZE)
    .all()
    .map((r) => ({ ...r, hasExperience: Boolean(r.hasExperience) }));
  return { total, pageCount: Math.max(1, Math.ceil(total / MARKET_PAGE_SIZE)), rows };
}

/** A listing as the intro page shows it, with the ISV's account name. */
export function getListing(listingId: string) {
  const row = getDb()
    .select({ listing: listings, isv: users.email, hasExperience })
    .from(listings)
    .innerJoin(users, eq(users.id, listings.ownerId))
    .where(eq(listings.id, listingId))
    .get();
  return row ? { ...row, hasExperience: Boolean(row.hasExperience) } : undefined;
}

/** The listing of an application, if published (callers check that the application is the user's). */
export function getListingOfApplication(applicationId: string) {
  return getDb().select().from(listings).where(eq(listings.applicationId, applicationId)).get();
}
