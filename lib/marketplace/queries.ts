import "server-only";
import { and, count, desc, eq, ne, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { deployments, listings, myApps, orders, trialUses, users, type MyApp, type User } from "@/db/schema";
import { assertRole } from "@/lib/auth/roles";
import { now } from "@/lib/clock";
import { containsText, startsWithText } from "@/db/text-search";
import { ownMyApp } from "./my-apps";
import { MY_APPS_PAGE_SIZE, ORDERS_PAGE_SIZE, REMINDER_MS, type MyAppsQuery, type OrdersQuery } from "./schema";

const pageCount = (total: number, size: number) => Math.max(1, Math.ceil(total / size));

/** What the list and the detail page show about an app's end: a notice from a day before. */
export function lifecycleOf(app: Pick<MyApp, "status" | "expiresAt">, at = now()) {
  const endsIn = app.expiresAt ? app.expiresAt.getTime() - at : null;
  return { expired: app.status === "expired", endingSoon: app.status === "active" && endsIn !== null && endsIn <= REMINDER_MS };
}

/** 我的IoT应用: the buyer's apps with their instance's state, newest first; search by name. */
export function listMyApps(user: User, query: MyAppsQuery) {
  assertRole(user, "buyer");
  const db = getDb();
  const filters: SQL[] = [eq(myApps.ownerId, user.id), ne(myApps.status, "deleting")];
  if (query.q) filters.push(containsText(myApps.name, query.q));
  const where = and(...filters);
  const total = db.select({ n: count() }).from(myApps).where(where).get()!.n;
  const rows = db
    .select({ app: myApps, listingName: listings.name, deploymentStatus: deployments.status })
    .from(myApps)
    .innerJoin(listings, eq(listings.id, myApps.listingId))
    .leftJoin(deployments, eq(deployments.id, myApps.deploymentId))
    .where(where)
    .orderBy(desc(myApps.createdAt), desc(myApps.id))
    .limit(MY_APPS_PAGE_SIZE)
    .offset((query.page - 1) * MY_APPS_PAGE_SIZE)
    .all();
  const at = now();
  return { total, pageCount: pageCount(total, MY_APPS_PAGE_SIZE), rows: rows.map((r) => ({ ...r, ...lifecycleOf(r.app, at) })) };
}

/** One of the buyer's apps for its detail page; others' are "not found". */
export function getMyApp(user: User, id: string) {
  assertRole(user, "buyer");
  const app = ownMyApp(user, id);
  const listing = getDb().select({ id: listings.id, name: listings.name, isv: users.email }).from(listings).innerJoin(users, eq(users.id, listings.ownerId)).where(eq(listings.id, app.listingId)).get()!;
  return { app, listing, ...lifecycleOf(app) };
}

/** The buyer's own orders, newest first. */
export function listMyOrders(user: User, page: number) {
  assertRole(user, "buyer");
  const db = getDb();
  const where = eq(orders.buyerId, user.id);
  const total = db.select({ n: count() }).from(orders).where(where).get()!.n;
  const rows = db
    .select({ order: orders, listingName: listings.name })
    .from(orders)
    .innerJoin(listings, eq(listings.id, orders.listingId))
    .where(where)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(ORDERS_PAGE_SIZE)
    .offset((page - 1) * ORDERS_PAGE_SIZE)
    .all();
  return { total, pageCount: pageCount(total, ORDERS_PAGE_SIZE), rows };
}

/** One of the buyer's own orders (anybody else's reads as missing), for its confirmation. */
export function getMyOrder(user: User, id: string) {
  assertRole(user, "buyer");
  return getDb()
    .select({ order: orders, listingName: listings.name })
    .from(orders)
    .innerJoin(listings, eq(listings.id, orders.listingId))
    .where(and(eq(orders.id, id), eq(orders.buyerId, user.id)))
    .get();
}

/** Every order, for operators recording payments; filter by status. */
export function listAllOrders(user: User, query: OrdersQuery) {
  assertRole(user, "operator");
  const db = getDb();
  // An order number is the id's beginning (components/marketplace/order-number.ts).
  const where = and(query.status ? eq(orders.status, query.status) : undefined, query.number ? startsWithText(orders.id, query.number) : undefined);
  const total = db.select({ n: count() }).from(orders).where(where).get()!.n;
  const rows = db
    .select({ order: orders, listingName: listings.name, buyer: users.email })
    .from(orders)
    .innerJoin(listings, eq(listings.id, orders.listingId))
    .innerJoin(users, eq(users.id, orders.buyerId))
    .where(where)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(ORDERS_PAGE_SIZE)
    .offset((query.page - 1) * ORDERS_PAGE_SIZE)
    .all();
  return { total, pageCount: pageCount(total, ORDERS_PAGE_SIZE), rows };
}

/** The buyer's active apps, by name, for choosing one to bind devices to. */
export function listAppChoices(user: User) {
  assertRole(user, "buyer");
  return getDb()
    .select({ id: myApps.id, name: myApps.name })
    .from(myApps)
    .where(and(eq(myApps.ownerId, user.id), eq(myApps.status, "active")))
    .orderBy(myApps.name)
    .all();
}

/**
 * The buyer's trial of a listing: the app while it exists (null once deleted), or undefined when
 * the buyer never took one.
 */
export function trialOf(user: User, listingId: string): { app: { id: string; name: string; status: string } | null } | undefined {
  const used = getDb().select().from(trialUses).where(and(eq(trialUses.buyerId, user.id), eq(trialUses.listingId, listingId))).get();
  if (!used) return undefined;
  const app = getDb()
    .select({ id: myApps.id, name: myApps.name, status: myApps.status })
    .from(myApps)
    .where(and(eq(myApps.ownerId, user.id), eq(myApps.listingId, listingId), eq(myApps.kind, "trial"), ne(myApps.status, "deleting")))
    .orderBy(desc(myApps.createdAt))
    .get();
  return { app: app ?? null };
}
