import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { myApps, orders, type Order, type OrderTerm, type User } from "@/db/schema";
import { assertRole } from "@/lib/auth/roles";
import { now } from "@/lib/clock";
import { InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/queue";
import { listedSpecOrThrow, listingOrThrow } from "./access";
import { EXPIRE_JOB } from "./expiry";
import type { OrderInput } from "./schema";

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

/**
 * The end of a term that starts at `from`: a calendar month or year later, on the last day of the
 * month when that month is shorter (31 Jan + 1 month = 28/29 Feb, 29 Feb + 1 year = 28 Feb), never
 * overflowing into the next month as Date's setUTCMonth does.
 */
export function termEnd(from: Date, term: OrderTerm): Date {
  const months = from.getUTCMonth() + (term === "monthly" ? 1 : 12);
  const year = from.getUTCFullYear() + Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const end = new Date(from);
  end.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay));
  return end;
}

/** A paid order becomes a purchased app whose term starts now; its end is queued for the worker. */
function fulfil(tx: Tx, order: Order, listingName: string, paidAt: Date): string {
  const id = randomUUID();
  const expiresAt = termEnd(paidAt, order.term);
  tx.insert(myApps)
    .values({ id, ownerId: order.buyerId, listingId: order.listingId, kind: "purchased", name: listingName, spec: order.spec, startedAt: paidAt, expiresAt })
    .run();
  enqueueJob(tx, EXPIRE_JOB, id, expiresAt.getTime());
  return id;
}

/**
 * "购买": an order for one listed spec and term at the spec's price. There is no payment gateway:
 * it waits until an operator records the payment. A free spec needs none and is fulfilled at once.
 */
export function placeOrder(user: User, input: OrderInput): Order {
  assertRole(user, "buyer");
  const listing = listingOrThrow(input.listingId);
  const spec = listedSpecOrThrow(listing, input.specId);
  // An experience spec is the ISV's shared instance, not something to buy.
  if (spec.type === "experience") throw new ValidationError("specNotForSale", { specId: ["specNotForSale"] });
  const free = spec.priceMonthly === null && spec.priceYearly === null;
  const price = input.term === "monthly" ? spec.priceMonthly : spec.priceYearly;
  if (!free && price === null) throw new ValidationError("termNotOffered", { term: ["termNotOffered"] });
  return getDb().transaction((tx) => {
    const order = tx
      .insert(orders)
      .values({ id: randomUUID(), buyerId: user.id, listingId: listing.id, spec, term: input.term, amount: price ?? 0, currency: spec.currency ?? "CNY" })
      .returning()
      .get();
    if (!free) return order;
    const paidAt = new Date(now());
    const myAppId = fulfil(tx, order, listing.name, paidAt);
    return tx.update(orders).set({ status: "paid", paidAt, myAppId }).where(eq(orders.id, order.id)).returning().get()!;
  });
}

/** A buyer withdraws an order that is still waiting for payment. */
export function cancelOrder(user: User, orderId: string): Order {
  assertRole(user, "buyer");
  const row = getDb()
    .update(orders)
    .set({ status: "cancelled" })
    .where(and(eq(orders.id, orderId), eq(orders.buyerId, user.id), eq(orders.status, "pending")))
    .returning()
    .get();
  if (row) return row;
  const exists = getDb().select({ id: orders.id }).from(orders).where(and(eq(orders.id, orderId), eq(orders.buyerId, user.id))).get();
  throw exists ? new InvalidStateError("orderNotPending") : new NotFoundError("orderNotFound");
}

/** An operator records that the buyer paid (settled offline); the purchased app appears at once. */
export function markOrderPaid(user: User, orderId: string): Order {
  assertRole(user, "operator");
  const db = getDb();
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) throw new NotFoundError("orderNotFound");
  if (order.status !== "pending") throw new InvalidStateError("orderNotPending");
  const listing = listingOrThrow(order.listingId);
  return db.transaction((tx) => {
    const paidAt = new Date(now());
    const paid = tx
      .update(orders)
      .set({ status: "paid", paidAt, paidBy: user.id })
      .where(and(eq(orders.id, order.id), eq(orders.status, "pending")))
      .returning()
      .get();
    // Paid or cancelled a moment ago by someone else.
    if (!paid) throw new InvalidStateError("orderNotPending");
    const myAppId = fulfil(tx, paid, listing.name, paidAt);
    return tx.update(orders).set({ myAppId }).where(eq(orders.id, order.id)).returning().get()!;
  });
}
