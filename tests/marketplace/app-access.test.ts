import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { eq } from "drizzle-orm";
import { deviceBindings, myApps, type User } from "@/db/schema";
import { reconcileDeployment } from "@/lib/deploy/engine";
import type { NodeContext, Provider } from "@/lib/deploy/types";
import { bindDevices, boundAppsOf, resetAppKey, revealAppKey, unbindDevices } from "@/lib/marketplace/app-access";
import { appForKey, workloadEnvironment } from "@/lib/marketplace/app-keys";
import { createTrial, deployMyApp } from "@/lib/marketplace/my-apps";
import { startMqtt, stopMqtt } from "@/lib/mqtt/server";
import { storeMessage } from "@/lib/mqtt/store";
import { FIXTURES } from "../support/archives";
import { activateTarget } from "../support/deployments";
import { readyImageFrom } from "../support/images";
import { makeListing } from "../support/marketplace";
import { connectDevice, makeDevices } from "../support/mqtt";
import { makeUser } from "../support/users";

const devicesRoute = await import("@/app/api/v1/apps/[appId]/devices/route");
const messagesRoute = await import("@/app/api/v1/apps/[appId]/devices/[deviceId]/messages/route");

let isv: User;
let owner: User;
let devices: { id: string; seq: number; secret: string }[];
let listing: ReturnType<typeof makeListing>;

beforeAll(async () => {
  process.env.MQTT_PORT = "0";
  activateTarget("sandbox", { delayMs: 0 });
  isv = await makeUser(["isv"]);
  await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
  listing = makeListing(isv);
  ({ owner, devices } = await makeDevices(3));
});
afterAll(() => stopMqtt());

const call = (key: string | null, appId: string, path = "", init: RequestInit = {}) => {
  const request = new Request(`http://x/api/v1/apps/${appId}/devices${path}`, { ...init, headers: { ...(key ? { "x-auth-token": key } : {}), ...init.headers } });
  return path ? messagesRoute[(init.method ?? "GET") as "GET" | "POST"](request, { params: Promise.resolve({ appId, deviceId: path.split("/")[1] }) }) : devicesRoute.GET(request, { params: Promise.resolve({ appId }) });
};

describe("binding devices to apps", () => {
  it("binds the buyer's own devices to their own app only; unknown or others' ids bind nothing", async () => {
    const app = createTrial(owner, { listingId: listing.id, specId: listing.specs[0].id });
    const stranger = await makeUser(["buyer"]);
    const strangersApp = createTrial(stranger, { listingId: listing.id, specId: listing.specs[0].id });
    const before = getDb().select().from(deviceBindings).all().length;
    expect(() => bindDevices(owner, app.id, [devices[0].id, "someone-elses"])).toThrow("deviceNotFound");
    expect(() => bindDevices(stranger, strangersApp.id, [devices[0].id])).toThrow("deviceNotFound");
    expect(() => bindDevices(owner, strangersApp.id, [devices[0].id])).toThrow("myAppNotFound");
    expect(() => bindDevices(owner, app.id, [])).toThrow("devicesRequired");
    expect(() => bindDevices(isv, app.id, [devices[0].id])).toThrow(expect.objectContaining({ status: 403 }));
    expect(getDb().select().from(deviceBindings).all().length).toBe(before);

    expect(bindDevices(owner, app.id, [devices[0].id, devices[1].id, devices[1].id])).toBe(2);
    expect(bindDevices(owner, app.id, [devices[1].id])).toBe(1); // again: no duplicate
    expect(boundAppsOf([devices[0].seq, devices[2].seq]).get(devices[0].seq)).toEqual([{ id: app.id, name: app.name }]);
    expect(boundAppsOf([devices[2].seq]).get(devices[2].seq)).toBeUndefined();
    expect(unbindDevices(owner, app.id, [devices[1].id])).toBe(1);
    expect(getDb().select().from(deviceBindings).all().length).toBe(before + 1);
  });

  it("refuses to unbind devices from an app none of them is bound to, and unbinds the bound ones of a mixed selection", async () => {
    const other = makeListing(isv);
    const app = createTrial(owner, { listingId: other.id, specId: other.specs[0].id });
    bindDevices(owner, app.id, [devices[0].id]);
    const before = getDb().select().from(deviceBindings).all().length;
    expect(() => unbindDevices(owner, app.id, [devices[1].id, devices[2].id])).toThrow("devicesNotBound");
    expect(getDb().select().from(deviceBindings).all().length).toBe(before);
    expect(unbindDevices(owner, app.id, [devices[0].id, devices[1].id])).toBe(1);
    expect(() => unbindDevices(owner, app.id, [devices[0].id])).toThrow("devicesNotBound"); // twice: nothing left
  });
});

const stored = (deviceSeq: number, payload: string) =>
  new Promise<void>((resolve, reject) =>
    storeMessage({ deviceSeq, topic: `$oc/devices/x/sys/messages/up`, kind: "messages", payload, receivedAt: new Date() }, (error) => (error ? reject(error) : resolve())),
  );

describe("the app API", () => {
  it("reads and messages only the app's bound devices with its key; unbinding and a new key take effect at once", async () => {
    const [first, second] = [makeListing(isv), makeListing(isv)];
    const appA = createTrial(owner, { listingId: first.id, specId: first.specs[0].id });
    const appB = createTrial(owner, { listingId: second.id, specId: second.specs[0].id });
    bindDevices(owner, appA.id, [devices[0].id]);
    bindDevices(owner, appB.id, [devices[2].id]);
    const keyA = resetAppKey(owner, appA.id);
    const keyB = resetAppKey(owner, appB.id);
    const stranger = await makeUser(["buyer"]);
    expect(() => resetAppKey(stranger, appA.id)).toThrow("myAppNotFound");

    expect((await call(null, appA.id)).status).toBe(401);
    expect((await call("sca_not-a-key", appA.id)).status).toBe(401);
    expect((await call(keyB, appA.id)).status).toBe(404); // another app's key
    const list = await (await call(keyA, appA.id)).json();
    expect(list).toMatchObject({ total: 1, devices: [{ device_id: devices[0].id, node_id: "node-0", status: "INACTIVE" }] });

    await stored(devices[0].seq, '{"hello":1}');
    await stored(devices[2].seq, '{"secret":2}');
    const read = await call(keyA, appA.id, `/${devices[0].id}/messages`);
    expect(read.status).toBe(200);
    expect((await read.json()).messages.map((m: { payload: string }) => m.payload)).toEqual(['{"hello":1}']);
    expect((await call(keyA, appA.id, `/${devices[2].id}/messages`)).status).toBe(404); // bound only to B
    expect((await call(keyA, appA.id, `/${devices[1].id}/messages`)).status).toBe(404); // bound to none

    // A message down to a connected device, in IoTDA's shape.
    const broker = await startMqtt();
    const client = await connectDevice(broker.port, devices[0]);
    await client.subscribeAsync(`$oc/devices/${devices[0].id}/sys/messages/down`, { qos: 1 });
    const post = (body: string, deviceId = devices[0].id) => call(keyA, appA.id, `/${deviceId}/messages`, { method: "POST", body, headers: { "content-type": "application/json" } });
    const arrival = new Promise<[string, Buffer]>((resolve) => client.once("message", (t, p) => resolve([t, p])));
    const sent = await post(JSON.stringify({ name: "open", content: { door: 1 } }));
    expect(sent.status).toBe(202);
    const [topic, payload] = await arrival;
    expect(topic).toBe(`$oc/devices/${devices[0].id}/sys/messages/down`);
    expect(JSON.parse(payload.toString())).toMatchObject({ object_device_id: devices[0].id, name: "open", content: { door: 1 }, id: (await sent.json()).message_id });
    expect((await post("not json")).status).toBe(422);
    expect((await post(JSON.stringify({ name: "x" }))).status).toBe(422);
    expect(await (await post(JSON.stringify({ content: "x".repeat(1024 * 1024) }))).json()).toMatchObject({ error_code: "STAGECRAFT.0422", error_msg: "The message must not exceed 1 MB." });
    expect((await post(JSON.stringify({ content: 1 }), devices[2].id)).status).toBe(404);
    client.end(true);

    unbindDevices(owner, appA.id, [devices[0].id]);
    expect((await call(keyA, appA.id, `/${devices[0].id}/messages`)).status).toBe(404);
    expect(await (await call(keyA, appA.id)).json()).toMatchObject({ total: 0, devices: [] });
    resetAppKey(owner, appA.id);
    expect((await call(keyA, appA.id)).status).toBe(401); // the replaced key
  });

  it("the engine hands a buyer app's workloads the API address, the app's id and a key that works", async () => {
    const own = makeListing(isv);
    const app = createTrial(owner, { listingId: own.id, specId: own.specs[0].id });
    const seen: NodeContext[] = [];
    const provider: Provider = {
      simulated: true,
      check: async () => "capturing",
      create: async (ctx) => (seen.push(ctx), { externalId: ctx.nodeId, details: ctx.type === "endpoint" ? { url: "http://x/" } : {} }),
      remove: async () => {},
    };
    const deployment = deployMyApp(owner, app.id);
    await reconcileDeployment(deployment.id, provider);
    const env = seen.find((c) => c.type === "workload")!.environment!;
    expect(env).toMatchObject({ STAGECRAFT_APP_ID: app.id, STAGECRAFT_API_URL: expect.stringMatching(/\/api\/v1$/) });
    expect(appForKey(env.STAGECRAFT_APP_KEY)?.id).toBe(app.id);
    // Not for other deployments' workloads (deploy tests, experiences): nothing is added.
    expect(seen.filter((c) => c.type !== "workload").every((c) => c.environment === undefined)).toBe(true);
  });
});

describe("the app key made at deploy", () => {
  it("is shown to its buyer once, then never again; a reset's key counts as shown; nobody else gets it", async () => {
    const buyer = await makeUser(["buyer"]);
    const other = await makeUser(["buyer"]);
    const own = makeListing(isv);
    const app = createTrial(buyer, { listingId: own.id, specId: own.specs[0].id });
    expect(() => revealAppKey(buyer, app.id)).toThrow("appKeyShown"); // no key yet
    // The engine makes the key when it hands the deployment its environment.
    deployMyApp(buyer, app.id);
    const made = workloadEnvironment(getDb().select().from(myApps).where(eq(myApps.id, app.id)).get()!.deploymentId!).STAGECRAFT_APP_KEY;
    expect(made).toMatch(/^sca_/);
    expect(() => revealAppKey(other, app.id)).toThrow(expect.objectContaining({ status: 404 }));
    expect(revealAppKey(buyer, app.id)).toBe(made);
    expect(appForKey(made)?.id).toBe(app.id);
    expect(() => revealAppKey(buyer, app.id)).toThrow(expect.objectContaining({ message: "appKeyShown", status: 409 }));

    const reset = resetAppKey(buyer, app.id);
    expect(reset).not.toBe(made);
    expect(() => revealAppKey(buyer, app.id)).toThrow("appKeyShown");
  });
});
