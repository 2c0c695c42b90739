import { describe, expect, it, vi } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { drainJobs } from "@/lib/jobs/worker";
import { makeUser } from "../support/users";

// No browser session: only keys authenticate (and /v5 wants a key even when a session exists).
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));
registerJobHandlers();

const products = await import("@/app/v5/iot/[projectId]/products/route");
const devices = await import("@/app/v5/iot/[projectId]/devices/route");
const device = await import("@/app/v5/iot/[projectId]/devices/[deviceId]/route");
const action = await import("@/app/v5/iot/[projectId]/devices/[deviceId]/action/route");
const files = await import("@/app/v5/iot/[projectId]/batchtask-files/route");
const tasks = await import("@/app/v5/iot/[projectId]/batchtasks/route");
const task = await import("@/app/v5/iot/[projectId]/batchtasks/[taskId]/route");

type Route = (request: Request, context: { params: Promise<Record<string, string> & { projectId: string }> }) => Promise<Response>;
async function call(route: Route, key: string | null, params: Record<string, string> & { projectId: string }, init: RequestInit & { query?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (key) headers.set("X-Auth-Token", key);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  const response = await route(new Request(`http://localhost/v5/iot/${params.projectId}/x${init.query ?? ""}`, { ...init, headers, body }), { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function client() {
  const user = await makeUser(["buyer"]);
  const { key, id } = createApiKey(user, { name: "app server" });
  const p = { projectId: user.id };
  const product = await call(products.POST, key, p, { method: "POST", json: { name: "meter", device_type: "Meter", protocol_type: "MQTT", manufacturer_name: "acme" } });
  return { user, key, keyId: id, p, productId: product.body.product_id as string, product };
}

describe("/v5/iot/{project_id} devices API", () => {
  it("creates and lists products with IoTDA's fields", async () => {
    const { key, p, product } = await client();
    expect(product.status).toBe(201);
    expect(product.body).toMatchObject({ name: "meter", device_type: "Meter", protocol_type: "MQTT", manufacturer_name: "acme" });
    expect(product.body.create_time).toMatch(/^\d{8}T\d{6}Z$/);
    const list = await call(products.GET, key, p);
    expect(list.body).toMatchObject({ products: [{ product_id: product.body.product_id }], page: { count: 1 } });
    const bad = await call(products.POST, key, p, { method: "POST", json: { name: "", protocol_type: "LoRa" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error_code).toBe("IOTDA.000006");
    expect(bad.body.error_msg).toContain("protocol_type");
    expect(bad.body.error_msg).toContain("name: ");
    expect(bad.body.error_msg).not.toContain("device_name"); // a product's name is not a device's
  });

  it("registers a device, returns its secret once, shows, pages, resets and deletes it", async () => {
    const { key, p, productId } = await client();
    const created = await call(devices.POST, key, p, { method: "POST", json: { node_id: "n1", device_name: "one", product_id: productId, auth_info: { auth_type: "SECRET" } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ device_id: `${productId}_n1`, node_id: "n1", status: "INACTIVE", auth_info: { auth_type: "SECRET", secure_access: true } });
    const secret = created.body.auth_info.secret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const id = created.body.device_id as string;
    const shown = await call(device.GET, key, { ...p, deviceId: id });
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain(secret);
    expect(shown.body.auth_info.secret).toBeUndefined();

    for (const nodeId of ["n2", "n3"]) await call(devices.POST, key, p, { method: "POST", json: { node_id: nodeId, product_id: productId } });
    const page1 = await call(devices.GET, key, p, { query: "?limit=2" });
    expect(page1.body.devices.map((d: { node_id: string }) => d.node_id)).toEqual(["n3", "n2"]);
    expect(page1.body.page.count).toBe(3);
    expect(JSON.stringify(page1.body)).not.toContain(secret);
    const page2 = await call(devices.GET, key, p, { query: `?limit=2&marker=${page1.body.page.marker}` });
    expect(page2.body.devices.map((d: { node_id: string }) => d.node_id)).toEqual(["n1"]);
    expect((await call(devices.GET, key, p, { query: "?node_id=n2" })).body.devices).toHaveLength(1);
    expect((await call(devices.GET, key, p, { query: "?limit=51" })).status).toBe(400);

    const reset = await call(action.POST, key, { ...p, deviceId: id }, { method: "POST", query: "?action_id=resetSecret", json: {} });
    expect(reset.status).toBe(200);
    expect(reset.body.device_id).toBe(id);
    expect(reset.body.secret).not.toBe(secret);
    const chosen = await call(action.POST, key, { ...p, deviceId: id }, { method: "POST", query: "?action_id=resetSecret", json: { secret: "short" } });
    expect(chosen.status).toBe(400);
    expect((await call(action.POST, key, { ...p, deviceId: id }, { method: "POST", query: "?action_id=freeze" })).status).toBe(400);

    expect((await call(device.DELETE, key, { ...p, deviceId: id }, { method: "DELETE" })).status).toBe(204);
    const gone = await call(device.GET, key, { ...p, deviceId: id });
    expect(gone).toMatchObject({ status: 404, body: { error_code: "IOTDA.014000" } });
  });

  it("refuses bad device input with IoTDA errors and stores nothing", async () => {
    const { key, p, productId } = await client();
    const post = (json: unknown) => call(devices.POST, key, p, { method: "POST", json });
    await post({ node_id: "dup", product_id: productId });
    const cases: [unknown, number, string][] = [
      [{ node_id: "with space", product_id: productId }, 400, "node_id"],
      [{ node_id: "x".repeat(65), product_id: productId }, 400, "node_id"],
      [{ node_id: "dup", product_id: productId }, 409, "node_id"],
      [{ node_id: "s", product_id: productId, auth_info: { secret: "1234567" } }, 400, "auth_info.secret"],
      [{ node_id: "s", product_id: productId, auth_info: { secret: "y".repeat(33) } }, 400, "auth_info.secret"],
      [{ node_id: "c", product_id: productId, auth_info: { auth_type: "CERTIFICATES", fingerprint: "a".repeat(39) } }, 400, "auth_info.fingerprint"],
    ];
    for (const [json, status, field] of cases) {
      const response = await post(json);
      expect(response.status, JSON.stringify(json)).toBe(status);
      expect(response.body.error_msg).toContain(field);
    }
    const notJson = await call(devices.POST, key, p, { method: "POST", body: "node_id=x" });
    expect(notJson.status).toBe(400);
    expect((await call(devices.GET, key, p)).body.page.count).toBe(1);
  });

  it("answers 401 without a key or with a revoked one, 403 for another project, 404 for another account's ids", async () => {
    const alice = await client();
    const bob = await client();
    const created = await call(devices.POST, alice.key, alice.p, { method: "POST", json: { node_id: "a", product_id: alice.productId } });
    const id = created.body.device_id as string;

    expect(await call(devices.GET, null, alice.p)).toMatchObject({ status: 401, body: { error_code: "IOTDA.000002" } });
    revokeApiKey(alice.user, alice.keyId);
    expect((await call(devices.GET, alice.key, alice.p)).status).toBe(401);

    expect((await call(devices.GET, bob.key, alice.p)).status).toBe(403);
    const isv = await makeUser(["isv"]);
    const isvKey = createApiKey(isv, { name: "isv" }).key;
    expect(await call(devices.GET, isvKey, { projectId: isv.id })).toMatchObject({ status: 403, body: { error_msg: "Only buyer accounts can register devices." } });
    const missing = await call(device.GET, bob.key, { ...bob.p, deviceId: "nope_x" });
    const theirs = await call(device.GET, bob.key, { ...bob.p, deviceId: id });
    expect(theirs).toEqual(missing);
    expect(theirs.status).toBe(404);
    expect((await call(device.DELETE, bob.key, { ...bob.p, deviceId: id }, { method: "DELETE" })).status).toBe(404);
    expect((await call(action.POST, bob.key, { ...bob.p, deviceId: id }, { method: "POST", query: "?action_id=resetSecret" })).status).toBe(404);
    const theirProduct = await call(devices.POST, bob.key, bob.p, { method: "POST", json: { node_id: "b", product_id: alice.productId } });
    expect(theirProduct.status).toBe(404);
  });

  it("runs a batch task from an uploaded CSV and shows its progress and details", async () => {
    const { key, p, productId } = await client();
    const form = new FormData();
    const csv = `node_id,device_name,product_id,auth_type,secret,fingerprint\r\nb1,,${productId},,,\r\nb1,,${productId},,,\r\n`;
    form.set("file", new File([csv], "devices.csv", { type: "text/csv" }));
    const uploaded = await call(files.POST, key, p, { method: "POST", body: form });
    expect(uploaded.status).toBe(201);
    const created = await call(tasks.POST, key, p, { method: "POST", json: { task_name: "t", task_type: "createDevices", document_source: uploaded.body.file_id } });
    expect(created).toMatchObject({ status: 201, body: { task_type: "createDevices", status: "Initializing", task_progress: { total: 2 } } });
    const again = await call(tasks.POST, key, p, { method: "POST", json: { task_type: "createDevices", document_source: uploaded.body.file_id } });
    expect(again.status).toBe(409);
    await drainJobs();

    const shown = await call(task.GET, key, { ...p, taskId: created.body.task_id });
    expect(shown.body.batchtask).toMatchObject({ status: "PartialSuccess", task_progress: { total: 2, success: 1, fail: 1 } });
    expect(shown.body.task_details[0]).toMatchObject({ target: "b1", status: "Success", params: '{"index":0,"nodeId":"b1"}', output: `{"deviceId":"${productId}_b1"}` });
    expect(shown.body.task_details[1]).toMatchObject({ status: "Fail", error: { error_code: "IOTDA.000006" } });
    const failed = await call(task.GET, key, { ...p, taskId: created.body.task_id }, { query: "?status=Fail" });
    expect(failed.body.task_details).toHaveLength(1);

    const stranger = await client();
    const theirs = await call(task.GET, stranger.key, { ...stranger.p, taskId: created.body.task_id });
    const missing = await call(task.GET, stranger.key, { ...stranger.p, taskId: "00000000-0000-0000-0000-000000000000" });
    expect(theirs).toEqual(missing);
    expect(theirs.status).toBe(404);
  });

  it("refuses bad batch files with clear reasons", async () => {
    const { key, p } = await client();
    const upload = (name: string, content: BlobPart) => {
      const form = new FormData();
      form.set("file", new File([content], name));
      return call(files.POST, key, p, { method: "POST", body: form });
    };
    const garbage = await upload("garbage.csv", new Uint8Array([0, 159, 146, 150, 255, 0]));
    expect(garbage).toMatchObject({ status: 400, body: { error_code: "IOTDA.000006" } });
    expect(garbage.body.error_msg).toMatch(/not a text CSV/);
    expect((await upload("missing.csv", "node_id\nx\n")).body.error_msg).toMatch(/columns/);
    expect((await call(files.POST, key, p, { method: "POST", body: new FormData() })).status).toBe(400);
    expect((await call(tasks.POST, key, p, { method: "POST", json: { task_type: "createDevices", document_source: "nope" } })).status).toBe(404);
    expect((await call(tasks.POST, key, p, { method: "POST", json: { task_type: "deleteDevices", document_source: "x" } })).status).toBe(400);
  });
});
