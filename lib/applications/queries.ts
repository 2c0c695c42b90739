import "server-only";
import { and, count, desc, eq, asc, type SQL } from "drizzle-orm";
import { containsText } from "@/db/text-search";
import { getDb } from "@/db";
import { applications, specs } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { APPLICATIONS_PAGE_SIZE, type ApplicationListQuery } from "./schema";


/** One page of the owner's applications with their spec counts, filtered on the server. */
export function listApplications(ownerId: string, query: ApplicationListQuery) {
  const db = getDb();
  const filters: SQL[] = [eq(applications.ownerId, ownerId)];
  if (query.q) filters.push(containsText(applications.name, query.q));
  if (query.status) filters.push(eq(applications.reviewStatus, query.status));
  const where = and(...filters);
  const total = db.select({ n: count() }).from(applications).where(where).get()!.n;
  const rows = db
    .select({
      id: applications.id,
      name: applications.name,
      industry: applications.industry,
      scenario: applications.scenario,
      description: applications.description,
      reviewStatus: applications.reviewStatus,
      publishedAt: applications.publishedAt,
      createdAt: applications.createdAt,
      updatedAt: applications.updatedAt,
      specCount: count(specs.id),
    })
    .from(applications)
    .leftJoin(specs, eq(specs.applicationId, applications.id))
    .where(where)
    .groupBy(applications.id)
    .orderBy(desc(applications.updatedAt), asc(applications.id))
    .limit(APPLICATIONS_PAGE_SIZE)
    .offset((query.page - 1) * APPLICATIONS_PAGE_SIZE)
    .all();
  return { total, pageCount: Math.max(1, Math.ceil(total / APPLICATIONS_PAGE_SIZE)), applications: rows };
}
export type ApplicationListPage = ReturnType<typeof listApplications>;

/** One of the owner's applications; another owner's id is "not found", exactly like a missing one. */
export function getApplicationOrThrow(ownerId: string, applicationId: string) {
  const app = getDb()
    .select()
    .from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.ownerId, ownerId)))
    .get();
  if (!app) throw new NotFoundError("applicationNotFound");
  return app;
}

/** An application as the REST API shows it. */
export function applicationToJson(app: Omit<ApplicationListPage["applications"][number], "specCount"> & { specCount?: number }) {
  return {
    id: app.id,
    name: app.name,
    industry: app.industry,
    scenario: app.scenario,
    description: app.description,
    reviewStatus: app.reviewStatus,
    publishedAt: app.publishedAt?.toISOString() ?? null,
    ...(app.specCount === undefined ? {} : { specCount: app.specCount }),
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
  };
}
