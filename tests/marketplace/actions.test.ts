import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { experienceGrants, myApps, orders, type User } from "@/db/schema";
import { listedSpec, makeListing } from "../support/marketplace";
import { makeUser } from "../support/users";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/lib/auth/config", () => ({ auth, signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));
const market = await import("@/app/(market)/market/[listingId]/actions");
const apps = await import("@/app/(workbench)/workbench/apps/actions");
const adminOrders = await import("@/app/(admin)/admin/orders/actions");
const buyerOrders = await import("@/app/(workbench)/workbench/orders/actions");

const signIn = (user: User | null) => auth.mockResolvedValue(user ? { user: { id: user.id } } : null);
const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};
const rows = () => ({ apps: getDb().select().from(myApps).all().length, orders: getDb().select().from(orders).all().length, grants: getDb().select().from(experienceGrants).all().length });

let isv: User;
let buyer: User;
let operator: User;
let listing: ReturnType<typeof makeListing>;
beforeAll(async () => {
  [isv, buyer, operator] = await Promise.all([makeUser(["isv"]), makeUser(["buyer"]), makeUser(["operator"])]);
  listing = makeListing(isv, [listedSpec({ priceMonthly: 500, currency: "CNY" })]);
});
beforeEach(() => auth.mockReset());

describe("buyer actions", () => {
  it("anonymous visitors are sent to the login page, ISVs and operators get 403, and nothing is stored", async () => {
    const before = rows();
    const specId = listing.specs[0].id;
    for (const [who, outcome] of [
      [null, "NEXT_REDIRECT /login"],
      [isv, "NEXT_FORBIDDEN"],
      [operator, "NEXT_FORBIDDEN"],
    ] as const) {
      signIn(who);
      await expect(market.trialAction(listing.id, null, form({ specId }))).rejects.toThrow(outcome);
      await expect(market.orderAction(listing.id, null, form({ specId, term: "monthly" }))).rejects.toThrow(outcome);
      await expect(market.experienceAction(listing.id, null, form({ agree: "on" }))).rejects.toThrow(outcome);
      await expect(apps.deleteMyAppAction("x")).rejects.toThrow(outcome);
    }
    expect(rows()).toEqual(before);
  });

  it("a buyer's trial opens its setup; bad inputs come back as field errors with the submitted values", async () => {
    signIn(buyer);
    expect(await market.trialAction(listing.id, null, form({}))).toMatchObject({ ok: false, fieldErrors: { specId: ["specRequired"] } });
    expect(await market.orderAction(listing.id, null, form({ specId: listing.specs[0].id, term: "weekly" }))).toMatchObject({
      ok: false,
      fieldErrors: { term: ["termRequired"] },
      values: { term: "weekly" },
    });
    expect(await market.orderAction(listing.id, null, form({ specId: listing.specs[0].id, term: "yearly" }))).toMatchObject({ ok: false, message: "termNotOffered" });
    expect(await market.experienceAction(listing.id, null, form({}))).toMatchObject({ ok: false, fieldErrors: { agree: ["agreementRequired"] } });
    expect(await market.experienceAction(listing.id, null, form({ agree: "on" }))).toMatchObject({ ok: false, message: "experienceNotRunning" });
    await expect(market.trialAction(listing.id, null, form({ specId: listing.specs[0].id }))).rejects.toThrow(/NEXT_REDIRECT \/workbench\/apps\/[\w-]+\?tab=setup/);
    expect(await market.trialAction(listing.id, null, form({ specId: listing.specs[0].id }))).toMatchObject({ ok: false, message: "trialUsed" });

    const [app] = getDb().select().from(myApps).all().filter((a) => a.ownerId === buyer.id);
    expect(await apps.renameMyAppAction(app.id, null, form({ name: "x".repeat(65) }))).toMatchObject({ ok: false, fieldErrors: { name: ["nameTooLong"] }, values: { name: "x".repeat(65) } });
    expect(await apps.renameMyAppAction(app.id, null, form({ name: "停车场 A" }))).toEqual({ ok: true });
    // Another buyer's app is "not found".
    signIn(await makeUser(["buyer"]));
    expect(await apps.renameMyAppAction(app.id, null, form({ name: "mine" }))).toMatchObject({ ok: false, message: "myAppNotFound" });
    expect(await apps.deleteMyAppAction(app.id)).toMatchObject({ ok: false, message: "myAppNotFound" });
    expect(await apps.deployMyAppAction(app.id)).toMatchObject({ ok: false, message: "myAppNotFound" });
  });
});

describe("orders", () => {
  it("only an operator marks an order paid; a buyer cancels only their own pending order", async () => {
    signIn(buyer);
    await expect(market.orderAction(listing.id, null, form({ specId: listing.specs[0].id, term: "monthly" }))).rejects.toThrow(/NEXT_REDIRECT \/workbench\/orders\?placed=/);
    const order = getDb().select().from(orders).all().find((o) => o.buyerId === buyer.id)!;
    await expect(adminOrders.markOrderPaidAction(order.id)).rejects.toThrow("NEXT_FORBIDDEN");
    signIn(isv);
    await expect(adminOrders.markOrderPaidAction(order.id)).rejects.toThrow("NEXT_FORBIDDEN");
    signIn(operator);
    await expect(buyerOrders.cancelOrderAction(order.id)).rejects.toThrow("NEXT_FORBIDDEN");
    expect(await adminOrders.markOrderPaidAction(order.id)).toEqual({ ok: true });
    expect(await adminOrders.markOrderPaidAction(order.id)).toMatchObject({ ok: false, message: "orderNotPending" });
    signIn(buyer);
    expect(await buyerOrders.cancelOrderAction(order.id)).toMatchObject({ ok: false, message: "orderNotPending" });
  });
});
