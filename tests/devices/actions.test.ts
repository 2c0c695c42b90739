import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { authSecret } from "@/lib/auth/secret";
import { getDb } from "@/db";
import type { User } from "@/db/schema";
import { createProduct, registerDevice } from "@/lib/devices/service";
import { drainJobs } from "@/lib/jobs/worker";
import { makeUser } from "../support/users";

// The signed-in account of each call; Auth.js itself needs a Next request.
const session = vi.hoisted(() => ({ user: null as { id: string } | null }));
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => (session.user ? { user: session.user } : null)), signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));
const actions = await import("@/app/(workbench)/workbench/devices/actions");
const secretsRoute = await import("@/app/(workbench)/workbench/devices/tasks/[taskId]/secrets/route");
const templateRoute = await import("@/app/(workbench)/workbench/devices/template/route");

function form(fields: Record<string, string | File>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}
const signIn = (user: User | null) => {
  session.user = user ? { id: user.id } : null;
};
const deviceCount = () => (getDb().$client.prepare("select count(*) as n from devices").get() as { n: number }).n;
async function buyerWithProduct(protocol: "MQTT" | "CoAP" = "MQTT") {
  const user = await makeUser(["buyer"]);
  signIn(user);
  return { user, product: createProduct(user, { name: "meters", protocol, deviceType: "meter", manufacturer: "acme" }) };
}

beforeEach(() => signIn(null));

describe("device actions", () => {
  it("send visitors to the login page and refuse accounts without the buyer role", async () => {
    await expect(actions.registerDeviceAction(null, form({ productId: "p", nodeId: "n" }))).rejects.toThrow("NEXT_REDIRECT /login");
    signIn(await makeUser(["isv"]));
    await expect(actions.deleteDevicesAction(["x"])).rejects.toThrow("NEXT_FORBIDDEN");
    await expect(actions.createProductAction(null, form({ name: "p" }))).rejects.toThrow("NEXT_FORBIDDEN");
    expect(deviceCount()).toBe(0);
  });

  it("register a device and hand its secret back in the result only", async () => {
    const { product } = await buyerWithProduct();
    const result = await actions.registerDeviceAction(null, form({ productId: product.id, nodeId: "a-1", name: "A", authType: "SECRET", secret: "", secretConfirm: "" }));
    expect(result).toMatchObject({ ok: true, data: { deviceId: `${product.id}_a-1`, nodeId: "a-1" } });
    expect(result.ok && result.data?.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const given = await actions.registerDeviceAction(null, form({ productId: product.id, nodeId: "a-2", secret: "my-secret-1", secretConfirm: "my-secret-1" }));
    expect(given).toMatchObject({ ok: true, data: { secret: "my-secret-1" } });
  });

  it.each([
    [{ nodeId: "with space" }, { nodeId: ["nodeIdInvalid"] }],
    [{ nodeId: "x".repeat(65) }, { nodeId: ["nodeIdTooLong"] }],
    [{ nodeId: "n", secret: "1234567", secretConfirm: "1234567" }, { secret: ["secretLength"] }],
    [{ nodeId: "n", secret: "y".repeat(33), secretConfirm: "y".repeat(33) }, { secret: ["secretLength"] }],
    [{ nodeId: "n", secret: "secret-one", secretConfirm: "secret-two" }, { secretConfirm: ["secretMismatch"] }],
    [{ nodeId: "n", authType: "CERTIFICATES", fingerprint: "a".repeat(39) }, { fingerprint: ["fingerprintInvalid"] }],
  ])("refuse %o with its field error, refill without the secret, store nothing", async (fields, errors) => {
    const { product } = await buyerWithProduct();
    const before = deviceCount();
    const result = await actions.registerDeviceAction(null, form({ productId: product.id, ...fields }));
    expect(result).toMatchObject({ ok: false, message: "invalidInput", fieldErrors: errors });
    expect(!result.ok && result.values).toMatchObject({ nodeId: fields.nodeId });
    expect(!result.ok && result.values && "secret" in result.values).toBe(false);
    expect(deviceCount()).toBe(before);
  });

  it("refuse a node ID already registered in the product, and another account's product", async () => {
    const { product } = await buyerWithProduct();
    await actions.registerDeviceAction(null, form({ productId: product.id, nodeId: "dup" }));
    expect(await actions.registerDeviceAction(null, form({ productId: product.id, nodeId: "dup" }))).toMatchObject({ ok: false, fieldErrors: { nodeId: ["nodeIdTaken"] } });
    signIn(await makeUser(["buyer"]));
    expect(await actions.registerDeviceAction(null, form({ productId: product.id, nodeId: "x" }))).toMatchObject({ ok: false, fieldErrors: { productId: ["productNotFound"] } });
  });

  it("reset a secret once and delete devices, never another account's", async () => {
    const { user, product } = await buyerWithProduct();
    const { device } = registerDevice(user, { productId: product.id, nodeId: "r" });
    const mismatch = await actions.resetSecretAction(null, form({ deviceId: device.id, secret: "new-secret-1", secretConfirm: "other" }));
    expect(mismatch).toMatchObject({ ok: false, fieldErrors: { secretConfirm: ["secretMismatch"] } });
    expect(await actions.resetSecretAction(null, form({ deviceId: device.id, secret: "new-secret-1", secretConfirm: "new-secret-1" }))).toEqual({
      ok: true,
      data: { deviceId: device.id, secret: "new-secret-1" },
    });
    signIn(await makeUser(["buyer"]));
    expect(await actions.resetSecretAction(null, form({ deviceId: device.id }))).toMatchObject({ ok: false, message: "deviceNotFound" });
    expect(await actions.deleteDevicesAction([device.id])).toMatchObject({ ok: false, message: "deviceNotFound" });
    signIn(user);
    expect(await actions.deleteDevicesAction([device.id])).toEqual({ ok: true, data: { deleted: 1 } });
    expect(await actions.deleteDevicesAction([])).toMatchObject({ ok: false, message: "noDevicesSelected" });
  });

  it("create products, refusing bad fields", async () => {
    signIn(await makeUser(["buyer"]));
    expect(await actions.createProductAction(null, form({ name: "p", protocol: "CoAP", deviceType: "t", manufacturer: "m" }))).toMatchObject({ ok: true });
    expect(await actions.createProductAction(null, form({ name: "", protocol: "Zigbee", deviceType: "", manufacturer: "m" }))).toMatchObject({
      ok: false,
      fieldErrors: { name: ["productNameRequired"], protocol: ["protocolInvalid"], deviceType: ["deviceTypeRequired"] },
    });
  });
});

describe("batch actions and downloads", () => {
  it("start a task from an uploaded file and open its page; refuse a missing or bad file", async () => {
    const { user, product } = await buyerWithProduct();
    const csv = `node_id,device_name,product_id,auth_type,secret,fingerprint\nb1,,${product.id},,,\nb2,,${product.id},,,\n`;
    await expect(actions.registerBatchAction(null, form({ file: new File([csv], "d.csv") }))).rejects.toThrow(/NEXT_REDIRECT \/workbench\/devices\/tasks\/[0-9a-f-]{36}$/);
    expect(await actions.registerBatchAction(null, form({}))).toMatchObject({ ok: false, fieldErrors: { file: ["fileRequired"] } });
    expect(await actions.registerBatchAction(null, form({ file: new File([new Uint8Array([0, 255, 1])], "x.csv") }))).toMatchObject({ ok: false, fieldErrors: { file: ["fileNotText"] } });
    expect(await actions.registerBatchAction(null, form({ file: new File(["a;b;c"], "x.csv") }))).toMatchObject({ ok: false, fieldErrors: { file: ["csvWrongDelimiter"] } });
    await drainJobs();

    const taskId = (getDb().$client.prepare("select id from batch_tasks where owner_id = ?").get(user.id) as { id: string }).id;
    const post = () => secretsRoute.POST(new Request(`http://localhost/workbench/devices/tasks/${taskId}/secrets`, { method: "POST" }), { params: Promise.resolve({ taskId }) });
    signIn(await makeUser(["buyer"]));
    expect((await post()).status).toBe(303); // another account's task: nothing to take
    expect(await actions.retryFailedAction(taskId)).toMatchObject({ ok: false, message: "taskNotFound" });
    signIn(user);
    const first = await post();
    expect(first.headers.get("content-disposition")).toContain("attachment");
    const lines = (await first.text()).trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^b1,${product.id}_b1,[A-Za-z0-9_-]{32}$`));
    const second = await post();
    expect(second.status).toBe(303);
    expect(second.headers.get("location")).toContain("notice=secretsGone");
    expect(await actions.retryFailedAction(taskId)).toMatchObject({ ok: false, message: "taskNoFailures" });
  });

  it("serve the template to signed-in users only", async () => {
    expect((await templateRoute.GET(new Request("http://localhost/workbench/devices/template"))).status).toBe(401);
    // Route handlers read the session cookie itself.
    const buyer = await makeUser(["buyer"]);
    const token = await encode({ token: { sub: buyer.id }, secret: authSecret(), salt: "authjs.session-token" });
    const template = await templateRoute.GET(new Request("http://localhost/workbench/devices/template", { headers: { Cookie: `authjs.session-token=${token}` } }));
    expect((await template.text()).split("\r\n")[0]).toBe("node_id,device_name,product_id,auth_type,secret,fingerprint");
  });
});
