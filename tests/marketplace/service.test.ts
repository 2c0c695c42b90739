import { newNonce, pageCsp } from "@/lib/http/csp";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { deployments, experienceGrants, jobs, myApps, type User } from "@/db/schema";
import { moveClock, now, resetClock } from "@/lib/clock";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { DEPLOY_JOB } from "@/lib/deploy/job-kinds";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { claimJob, finishJob } from "@/lib/jobs/queue";
import { drainJobs } from "@/lib/jobs/worker";
import { EXPIRE_JOB, INSTALLING_RECHECK_MS } from "@/lib/marketplace/expiry";
import { grantExperience, listExperienceGrants, startExperience, stopExperience } from "@/lib/marketplace/experience";
import { createTrial, deleteMyApp, deployMyApp, renameMyApp, uninstallMyApp } from "@/lib/marketplace/my-apps";
import { cancelOrder, markOrderPaid, placeOrder } from "@/lib/marketplace/orders";
import { ordersQuerySchema } from "@/lib/marketplace/schema";
import { getMyApp, listAllOrders, listMyApps, listMyOrders } from "@/lib/marketplace/queries";
import { storedPage } from "@/lib/page-store";
import { getListing } from "@/lib/reviews/queries";
import { FIXTURES } from "../support/archives";
import { activateTarget } from "../support/deployments";
import { readyImageFrom } from "../support/images";
import { listedSpec, makeListing } from "../support/marketplace";
import { makeUser } from "../support/users";

const DAY = 24 * 60 * 60 * 1000;
let isv: User;
let buyer: User;
let other: User;
let operator: User;

beforeAll(async () => {
  activateTarget("sandbox", { delayMs: 0 });
  [isv, buyer, other, operator] = await Promise.all([makeUser(["isv"]), makeUser(["buyer"]), makeUser(["buyer"]), makeUser(["operator"])]);
  await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
});
afterEach(() => resetClock());

const statusOf = (deploymentId: string) => getDb().select().from(deployments).where(eq(deployments.id, deploymentId)).get()!.status;
const appRow = (id: string) => getDb().select().from(myApps).where(eq(myApps.id, id)).get();

const expiryJob = (appId: string) => getDb().select().from(jobs).where(and(eq(jobs.kind, EXPIRE_JOB), eq(jobs.subjectId, appId))).get()!;

/** A trial of a new listing, deployed and installed by the worker; its expiry queued. */
async function runningTrial() {
  const listing = makeListing(isv);
  const app = createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id });
  const deployment = deployMyApp(buyer, app.id);
  await drainJobs();
  return { app: appRow(app.id)!, deployment };
}

describe("7-day trial", () => {
  it("runs from the first install for seven days: a notice on day six, then the worker uninstalls it and marks it expired", async () => {
    const listing = makeListing(isv);
    const app = createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id });
    expect(app).toMatchObject({ kind: "trial", status: "active", name: "智慧停车", deploymentId: null, expiresAt: null });

    const deployment = deployMyApp(buyer, app.id);
    // The buyer owns the instance; it runs the ISV's images.
    expect(deployment).toMatchObject({ ownerId: buyer.id, imagesOwnerId: isv.id, purpose: "trial" });
    expect(() => deployMyApp(buyer, app.id)).toThrow("myAppDeployed");
    await drainJobs();
    const view = getDeploymentOrThrow(buyer, deployment.id);
    expect(view.status).toBe("running");
    expect(view.outputs!.map((o) => o.name)).toEqual(expect.arrayContaining(["accessUrl", "username", "password"]));
    const started = appRow(app.id)!;
    expect(started.expiresAt!.getTime() - started.startedAt!.getTime()).toBe(7 * DAY);
    expect(getMyApp(buyer, app.id)).toMatchObject({ endingSoon: false, expired: false });

    moveClock(6 * DAY + 60_000);
    expect(getMyApp(buyer, app.id)).toMatchObject({ endingSoon: true, expired: false });
    await drainJobs(); // not due yet: nothing happens
    expect(appRow(app.id)!.status).toBe("active");
    expect(statusOf(deployment.id)).toBe("running");
    // The expiry waits for its time in the queue: never claimed, no attempt spent.
    expect(expiryJob(app.id)).toMatchObject({ status: "queued", attempts: 0, runAt: started.expiresAt!.getTime() });

    moveClock(DAY);
    await drainJobs(); // the expiry, then the uninstall it queued
    expect(appRow(app.id)!.status).toBe("expired");
    expect(statusOf(deployment.id)).toBe("deleted");
    expect(getMyApp(buyer, app.id)).toMatchObject({ expired: true, endingSoon: false });
    expect(() => deployMyApp(buyer, app.id)).toThrow("myAppExpired");
    // Expired, it still counts: no second trial of this listing.
    expect(() => createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id })).toThrow(expect.objectContaining({ message: "trialUsed", status: 409 }));
  });

  it("expires at its end to the millisecond, having waited without an attempt", async () => {
    const { app, deployment } = await runningTrial();
    const end = app.expiresAt!.getTime();
    // Real time stands still here: a millisecond passing between moving the clock and claiming
    // would make the job due early on a busy machine.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      moveClock(end - 1 - now());
      expect(await drainJobs()).toBe(0);
      expect(appRow(app.id)!.status).toBe("active");
      moveClock(1);
      await drainJobs();
    } finally {
      vi.useRealTimers();
    }
    expect(appRow(app.id)!.status).toBe("expired");
    expect(statusOf(deployment.id)).toBe("deleted");
    expect(expiryJob(app.id)).toMatchObject({ status: "done", attempts: 1, lastError: null });
  });

  it("run before its end (its time moved), reschedules itself at the end instead of failing an attempt", async () => {
    const { app } = await runningTrial();
    getDb().update(jobs).set({ runAt: 0 }).where(eq(jobs.id, expiryJob(app.id).id)).run();
    expect(await drainJobs()).toBe(1);
    expect(appRow(app.id)!.status).toBe("active");
    expect(expiryJob(app.id)).toMatchObject({ status: "queued", attempts: 0, lastError: null, runAt: app.expiresAt!.getTime() });
  });

  it("due while its instance is still being installed, looks again shortly without spending attempts, then expires it once installed", async () => {
    const listing = makeListing(isv);
    const app = createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id });
    const deployment = deployMyApp(buyer, app.id);
    // Another server process holds the install job for longer than the trial lasts.
    const install = claimJob([DEPLOY_JOB], now() + 8 * DAY, "other-process")!;
    expect(install.subjectId).toBe(deployment.id);
    moveClock(7 * DAY + 1000);
    for (let i = 0; i < 3; i++) {
      const before = now();
      await drainJobs();
      expect(appRow(app.id)!.status).toBe("active");
      expect(expiryJob(app.id)).toMatchObject({ status: "queued", attempts: 0, lastError: null });
      expect(expiryJob(app.id).runAt).toBeGreaterThanOrEqual(before + INSTALLING_RECHECK_MS);
      expect(expiryJob(app.id).runAt).toBeLessThanOrEqual(now() + INSTALLING_RECHECK_MS);
      moveClock(INSTALLING_RECHECK_MS);
    }
    // The other process finishes the install; the next look expires the app and uninstalls it.
    await reconcileDeployment(deployment.id);
    finishJob(install, { status: "done" }, "other-process");
    expect(statusOf(deployment.id)).toBe("running");
    await drainJobs();
    expect(appRow(app.id)!.status).toBe("expired");
    expect(statusOf(deployment.id)).toBe("deleted");
    expect(expiryJob(app.id)).toMatchObject({ status: "done", attempts: 1 });
  });

  it("one trial per buyer and listing, ever (deleted or expired still counts); a spec without trial, an unlisted spec, an ISV or an operator are refused and nothing is stored", async () => {
    const noTrial = listedSpec({ allowTrial: false, name: "企业版" });
    const listing = makeListing(isv, [listedSpec(), noTrial]);
    const before = getDb().select().from(myApps).all().length;
    expect(() => createTrial(buyer, { listingId: listing.id, specId: noTrial.id })).toThrow("specNoTrial");
    expect(() => createTrial(buyer, { listingId: listing.id, specId: "nope" })).toThrow("specNotListed");
    expect(() => createTrial(buyer, { listingId: "nope", specId: noTrial.id })).toThrow("listingNotFound");
    expect(() => createTrial(isv, { listingId: listing.id, specId: listing.specs[0].id })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => createTrial(operator, { listingId: listing.id, specId: listing.specs[0].id })).toThrow(expect.objectContaining({ status: 403 }));
    expect(getDb().select().from(myApps).all().length).toBe(before);

    const first = createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id });
    expect(() => createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id })).toThrow(expect.objectContaining({ message: "trialUsed", status: 409 }));
    // Another buyer has their own.
    expect(createTrial(other, { listingId: listing.id, specId: listing.specs[0].id }).ownerId).toBe(other.id);
    // Deleted (never deployed: at once), the trial still counts: no fresh seven days.
    expect(deleteMyApp(buyer, first.id)).toEqual({ uninstalling: false });
    expect(appRow(first.id)).toBeUndefined();
    const apps = getDb().select().from(myApps).all().length;
    expect(() => createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id })).toThrow(expect.objectContaining({ message: "trialUsed", status: 409 }));
    expect(getDb().select().from(myApps).all().length).toBe(apps);
    // Another listing is another trial.
    const second = makeListing(isv);
    expect(createTrial(buyer, { listingId: second.id, specId: second.specs[0].id }).status).toBe("active");
  });
});

describe("my IoT apps", () => {
  it("rename takes 1 to 64 characters; buyer B can neither see, rename, deploy, uninstall, delete nor read the instance of buyer A's app", async () => {
    const listing = makeListing(isv);
    const app = createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id });
    expect(() => renameMyApp(buyer, app.id, { name: "   " })).toThrow(expect.objectContaining({ fieldErrors: { name: ["nameRequired"] } }));
    expect(() => renameMyApp(buyer, app.id, { name: "名".repeat(65) })).toThrow(expect.objectContaining({ fieldErrors: { name: ["nameTooLong"] } }));
    expect(appRow(app.id)!.name).toBe("智慧停车");
    expect(renameMyApp(buyer, app.id, { name: "名".repeat(64) }).name).toBe("名".repeat(64));

    const deployment = deployMyApp(buyer, app.id);
    await drainJobs();
    for (const act of [
      () => getMyApp(other, app.id),
      () => renameMyApp(other, app.id, { name: "mine" }),
      () => deployMyApp(other, app.id),
      () => uninstallMyApp(other, app.id),
      () => deleteMyApp(other, app.id),
      () => getDeploymentOrThrow(other, deployment.id),
    ]) {
      expect(act).toThrow(expect.objectContaining({ status: 404 }));
    }
    expect(listMyApps(other, { q: "", page: 1 }).rows.map((r) => r.app.id)).not.toContain(app.id);
    expect(listMyApps(buyer, { q: "名名", page: 1 }).rows.map((r) => r.app.id)).toContain(app.id);
    expect(listMyApps(buyer, { q: "%", page: 1 }).rows.map((r) => r.app.id)).not.toContain(app.id);
    expect(appRow(app.id)!.name).toBe("名".repeat(64));
    expect(statusOf(deployment.id)).toBe("running");
  });

  it("uninstall keeps the app for a new deploy; delete of a running app uninstalls it first and the row goes when that finishes", async () => {
    const listing = makeListing(isv);
    const app = createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id });
    const first = deployMyApp(buyer, app.id);
    await drainJobs();
    uninstallMyApp(buyer, app.id);
    expect(() => deleteMyApp(buyer, app.id)).toThrow("myAppBusy");
    await drainJobs();
    expect(statusOf(first.id)).toBe("deleted");
    const expiresAt = appRow(app.id)!.expiresAt;

    const second = deployMyApp(buyer, app.id);
    await drainJobs();
    // Redeploying does not restart the trial's seven days.
    expect(appRow(app.id)!.expiresAt).toEqual(expiresAt);
    expect(deleteMyApp(buyer, app.id)).toEqual({ uninstalling: true });
    expect(appRow(app.id)!.status).toBe("deleting");
    expect(listMyApps(buyer, { q: "", page: 1 }).rows.map((r) => r.app.id)).not.toContain(app.id);
    expect(() => getMyApp(buyer, app.id)).toThrow("myAppNotFound");
    await drainJobs();
    expect(statusOf(second.id)).toBe("deleted");
    expect(appRow(app.id)).toBeUndefined();
  });
});

describe("purchase", () => {
  it("an order waits for payment; only an operator marks it paid, which makes a purchased app for the term", async () => {
    const monthlyOnly = listedSpec({ priceMonthly: 9900, currency: "CNY", allowTrial: false });
    const listing = makeListing(isv, [monthlyOnly]);
    expect(() => placeOrder(buyer, { listingId: listing.id, specId: monthlyOnly.id, term: "yearly" })).toThrow("termNotOffered");
    expect(() => placeOrder(isv, { listingId: listing.id, specId: monthlyOnly.id, term: "monthly" })).toThrow(expect.objectContaining({ status: 403 }));
    const order = placeOrder(buyer, { listingId: listing.id, specId: monthlyOnly.id, term: "monthly" });
    expect(order).toMatchObject({ status: "pending", amount: 9900, currency: "CNY", myAppId: null });
    expect(listMyOrders(buyer, 1).rows.map((r) => r.order.id)).toContain(order.id);
    expect(listMyOrders(other, 1).rows.map((r) => r.order.id)).not.toContain(order.id);

    for (const notOperator of [buyer, isv]) {
      expect(() => markOrderPaid(notOperator, order.id)).toThrow(expect.objectContaining({ status: 403 }));
      expect(() => listAllOrders(notOperator, { page: 1 })).toThrow(expect.objectContaining({ status: 403 }));
    }
    expect(listAllOrders(operator, { status: "pending", page: 1 }).rows.map((r) => r.order.id)).toContain(order.id);
    // By the number the buyer quotes: the id's first eight characters, in either case, or fewer.
    const number = order.id.slice(0, 8).toUpperCase();
    for (const typed of [number, `#${number.toLowerCase()}`, ` ${number.slice(0, 4)} `]) {
      expect(listAllOrders(operator, ordersQuerySchema.parse({ number: typed })).rows.map((r) => r.order.id), typed).toContain(order.id);
    }
    expect(listAllOrders(operator, ordersQuerySchema.parse({ number: number, status: "paid" })).rows).toEqual([]);
    for (const typed of ["%", "_", "zz"]) expect(listAllOrders(operator, ordersQuerySchema.parse({ number: typed })).total, typed).toBe(0);
    expect(() => cancelOrder(other, order.id)).toThrow("orderNotFound");

    const experienceListing = makeListing(isv, [listedSpec({ type: "experience", allowTrial: false })]);
    expect(() => placeOrder(buyer, { listingId: experienceListing.id, specId: experienceListing.specs[0].id, term: "monthly" })).toThrow("specNotForSale");

    const paid = markOrderPaid(operator, order.id);
    expect(paid).toMatchObject({ status: "paid", paidBy: operator.id });
    expect(() => markOrderPaid(operator, order.id)).toThrow("orderNotPending");
    expect(() => cancelOrder(buyer, order.id)).toThrow("orderNotPending");
    const app = appRow(paid.myAppId!)!;
    expect(app).toMatchObject({ kind: "purchased", ownerId: buyer.id, status: "active" });
    const term = app.expiresAt!.getTime() - app.startedAt!.getTime();
    expect(term).toBeGreaterThanOrEqual(28 * DAY);
    expect(term).toBeLessThanOrEqual(31 * DAY);
    expect(getDb().select().from(jobs).where(eq(jobs.subjectId, app.id)).get()).toMatchObject({ kind: "my-app.expire", runAt: app.expiresAt!.getTime() });

    // A purchased app deploys like a trial.
    const deployment = deployMyApp(buyer, app.id);
    expect(deployment.purpose).toBe("purchase");
    await drainJobs();
    expect(statusOf(deployment.id)).toBe("running");
  });

  it("a pending order can be cancelled by its buyer; a free spec needs no payment", () => {
    const priced = listedSpec({ priceMonthly: 100, priceYearly: 1000, currency: "CNY" });
    const free = listedSpec({ name: "免费版" });
    const listing = makeListing(isv, [priced, free]);
    const order = placeOrder(buyer, { listingId: listing.id, specId: priced.id, term: "yearly" });
    expect(order.amount).toBe(1000);
    expect(cancelOrder(buyer, order.id).status).toBe("cancelled");
    expect(() => markOrderPaid(operator, order.id)).toThrow("orderNotPending");
    const gratis = placeOrder(buyer, { listingId: listing.id, specId: free.id, term: "yearly" });
    expect(gratis).toMatchObject({ status: "paid", amount: 0 });
    expect(appRow(gratis.myAppId!)!.kind).toBe("purchased");
  });
});

describe("free experience", () => {
  it("the ISV (or an operator) starts the shared instance; buyers who accept the agreement get its access, and every grant is recorded", async () => {
    const experience = listedSpec({ type: "experience", allowTrial: false, name: "体验版" });
    const listing = makeListing(isv, [listedSpec(), experience]);
    const grant = (user: User, agree: unknown) => grantExperience(user, { listingId: listing.id, agree });
    expect(() => grant(buyer, true)).toThrow("experienceNotRunning");
    expect(getListing(listing.id)!.hasExperience).toBe(false);

    const stranger = await makeUser(["isv"]);
    expect(() => startExperience(stranger, listing.applicationId, experience.id)).toThrow("applicationNotFound");
    expect(() => startExperience(isv, listing.applicationId, listing.specs[0].id)).toThrow("specNotExperience");
    // The anonymous /market page store is emptied when the tag changes (the instance runs or stops).
    let renders = 0;
    const visitMarket = () => storedPage(new Request("http://x/market"), newNonce(), async () => (renders++, new Response("<html></html>", { status: 200, headers: { "content-security-policy": pageCsp(newNonce()) } })));
    await visitMarket();
    await visitMarket();
    expect(renders).toBe(1);
    const instance = startExperience(isv, listing.applicationId, experience.id);
    expect(() => startExperience(isv, listing.applicationId, experience.id)).toThrow("experienceRunning");
    await drainJobs();
    expect(getListing(listing.id)!.hasExperience).toBe(true);
    await visitMarket();
    expect(renders).toBe(2);

    // The agreement is checked here, not only in the browser.
    for (const agree of [undefined, false, "false", ""]) expect(() => grant(buyer, agree)).toThrow("agreementRequired");
    expect(() => grant(isv, true)).toThrow(expect.objectContaining({ status: 403 }));
    expect(getDb().select().from(experienceGrants).all()).toHaveLength(0);
    const outputs = grant(buyer, true);
    expect(outputs.map((o) => o.name)).toEqual(expect.arrayContaining(["accessUrl", "username", "password"]));
    grant(other, true);
    const grants = listExperienceGrants(isv, listing.applicationId);
    expect(grants.total).toBe(2);
    expect(grants.rows.map((g) => g.buyer).sort()).toEqual([buyer.email, other.email].sort());
    expect(() => listExperienceGrants(stranger, listing.applicationId)).toThrow("applicationNotFound");

    // Operators follow and stop it too; a buyer may not, and another ISV's view stays "not found".
    expect(getDeploymentOrThrow(operator, instance.id).ownerId).toBe(isv.id);
    expect(() => getDeploymentOrThrow(stranger, instance.id)).toThrow("deploymentNotFound");
    expect(() => stopExperience(buyer, listing.applicationId)).toThrow(expect.objectContaining({ status: 403 }));
    expect(listExperienceGrants(operator, listing.applicationId).total).toBe(2);
    stopExperience(operator, listing.applicationId);
    await visitMarket();
    expect(renders).toBe(3);
    await drainJobs();
    expect(statusOf(instance.id)).toBe("deleted");
    expect(() => grant(buyer, true)).toThrow("experienceNotRunning");

    // An operator may start it as well; the ISV owns the instance all the same.
    const started = startExperience(operator, listing.applicationId, experience.id);
    expect(started.ownerId).toBe(isv.id);
    await drainJobs();
    expect(statusOf(started.id)).toBe("running");
    stopExperience(isv, listing.applicationId);
    await drainJobs();
  });
});
