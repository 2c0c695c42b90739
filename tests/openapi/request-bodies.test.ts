import { beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "@/db/schema";
import { GET } from "@/app/api/v1/openapi.json/route";
import { createApiKey } from "@/lib/api-keys/service";
import { createProduct, registerDevice } from "@/lib/devices/service";
import { bindDevices, resetAppKey } from "@/lib/marketplace/app-access";
import { createTrial } from "@/lib/marketplace/my-apps";
import { makeApp, makeSpec } from "../support/apps";
import { validateJson } from "../support/json-schema";
import { makeListing } from "../support/marketplace";
import { makeUser } from "../support/users";

// For every JSON request body the document describes, sample bodies go both to the route handler
// (a real request) and through the document's schema: what the route accepts the document must
// accept, and what the route refuses as invalid the document must refuse. A route that starts
// parsing with another schema than the document shows, or a rule changed on one side only, fails
// here once a sample sits on the rule.

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const routes = {
  applications: await import("@/app/api/v1/applications/route"),
  application: await import("@/app/api/v1/applications/[applicationId]/route"),
  appSpecs: await import("@/app/api/v1/applications/[applicationId]/specs/route"),
  spec: await import("@/app/api/v1/specs/[specId]/route"),
  graph: await import("@/app/api/v1/specs/[specId]/graph/route"),
  messages: await import("@/app/api/v1/apps/[appId]/devices/[deviceId]/messages/route"),
  products: await import("@/app/v5/iot/[projectId]/products/route"),
  devices: await import("@/app/v5/iot/[projectId]/devices/route"),
  action: await import("@/app/v5/iot/[projectId]/devices/[deviceId]/action/route"),
  batchtasks: await import("@/app/v5/iot/[projectId]/batchtasks/route"),
};

type Handler = (request: Request, context: never) => Promise<Response>;
type Operation = {
  /** Sends `body` to the route handler as the documented request would. */
  send: (body: unknown) => Promise<Response>;
  /** The status a valid sample gets (what happens after validation, in this test's setup). */
  ok: number;
  good: unknown[];
  bad: unknown[];
};

let isv: User;
let buyer: User;
let operations: Record<string, Operation>;

function sender(handler: unknown, key: () => string, params: Record<string, string> = {}, query = ""): Operation["send"] {
  return (body) =>
    (handler as Handler)(
      new Request(`http://localhost/x${query}`, { method: "POST", headers: { "X-Auth-Token": key(), "content-type": "application/json" }, body: JSON.stringify(body) }),
      { params: Promise.resolve(params) } as never,
    );
}

beforeAll(async () => {
  isv = await makeUser(["isv"]);
  buyer = await makeUser(["buyer"]);
  const isvKey = createApiKey(isv, { name: "ci" }).key;
  const buyerKey = createApiKey(buyer, { name: "server" }).key;
  const app = makeApp(isv);
  const spec = makeSpec(isv, app.id);
  const product = createProduct(buyer, { name: "meters", protocol: "MQTT", deviceType: "meter", manufacturer: "acme" });
  const device = registerDevice(buyer, { productId: product.id, nodeId: "m1" }).device;
  const listing = makeListing(isv);
  const myApp = createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id });
  const appKey = resetAppKey(buyer, myApp.id);
  bindDevices(buyer, myApp.id, [device.id]);
  const project = { projectId: buyer.id };
  let n = 0;
  const unique = (prefix: string) => `${prefix}-${++n}`;

  const specFields = { type: "general", location: "cloud", name: "标准版", description: "一台网关", allowTrial: false };
  operations = {
    "post /api/v1/applications": {
      send: (body) => sender(routes.applications.POST, () => isvKey)(typeof body === "object" && body && "name" in body ? { ...body, name: unique(String(body.name)) } : body),
      ok: 201,
      good: [{ name: "园区", industry: "智慧园区", scenario: "园区安防" }, { name: "园区", industry: "智慧园区", scenario: "园区安防", description: "" }],
      bad: [{ industry: "智慧园区", scenario: "园区安防" }, { name: "x".repeat(65), industry: "智慧园区", scenario: "园区安防" }, { name: "园区", industry: "智慧园区", scenario: 7 }, { name: "园区", industry: "智慧园区", scenario: "园区安防", description: "d".repeat(1025) }],
    },
    "patch /api/v1/applications/{applicationId}": {
      send: sender(routes.application.PATCH, () => isvKey, { applicationId: app.id }),
      ok: 200,
      good: [{}, { description: "新描述" }, { name: "改名" }],
      bad: [{ name: "" }, { name: "n".repeat(65) }, { description: 42 }],
    },
    "post /api/v1/applications/{applicationId}/specs": {
      send: (body) => sender(routes.appSpecs.POST, () => isvKey, { applicationId: app.id })(typeof body === "object" && body && "name" in body ? { ...body, name: unique(String(body.name)) } : body),
      ok: 201,
      good: [specFields, { ...specFields, priceMonthly: 10.5, currency: "USD" }, { ...specFields, graph: { nodes: [], edges: [] } }],
      bad: [{ ...specFields, type: "premium" }, { ...specFields, description: undefined }, { ...specFields, priceMonthly: -1 }, { ...specFields, currency: "GBP" }, { ...specFields, graph: { nodes: [] } }],
    },
    "patch /api/v1/specs/{specId}": {
      send: sender(routes.spec.PATCH, () => isvKey, { specId: spec.id }),
      ok: 200,
      good: [{ name: "专业版" }, { allowTrial: true }, { priceYearly: null }],
      bad: [{ location: "moon" }, { allowTrial: "yes" }, { description: "d".repeat(301) }],
    },
    "put /api/v1/specs/{specId}/graph": {
      send: sender(routes.graph.PUT, () => isvKey, { specId: spec.id }),
      ok: 200,
      good: [{ nodes: [], edges: [] }, { nodes: [{ id: "a", type: "volume", properties: { sizeMiB: 64 } }], edges: [] }],
      bad: [{ nodes: [] }, { nodes: [{ id: "a", type: "database" }], edges: [] }, { nodes: [{ id: "", type: "volume" }], edges: [] }, { nodes: [], edges: [{ from: "a" }] }],
    },
    // Valid messages pass validation and meet no MQTT listener here: 409.
    "post /api/v1/apps/{appId}/devices/{device_id}/messages": {
      send: sender(routes.messages.POST, () => appKey, { appId: myApp.id, deviceId: device.id }),
      ok: 409,
      good: [{ content: { on: true } }, { name: "switch", content: "on" }],
      bad: [{ name: "switch" }, { name: "n".repeat(129), content: 1 }],
    },
    "post /v5/iot/{project_id}/products": {
      send: sender(routes.products.POST, () => buyerKey, project),
      ok: 201,
      good: [{ name: "gateway", device_type: "Gateway", protocol_type: "MQTT", manufacturer_name: "acme" }],
      bad: [{ name: "gateway", device_type: "Gateway", protocol_type: "LoRa", manufacturer_name: "acme" }, { device_type: "Gateway", protocol_type: "MQTT", manufacturer_name: "acme" }, { name: "g".repeat(65), device_type: "Gateway", protocol_type: "MQTT", manufacturer_name: "acme" }],
    },
    "post /v5/iot/{project_id}/devices": {
      send: (body) => sender(routes.devices.POST, () => buyerKey, project)(typeof body === "object" && body && "node_id" in body ? { ...body, node_id: unique(String(body.node_id)) } : body),
      ok: 201,
      good: [{ node_id: "d", product_id: product.id }, { node_id: "d", product_id: product.id, device_name: "Meter", auth_info: { auth_type: "SECRET", secret: "abcdefgh1234" } }],
      bad: [{ product_id: product.id }, { node_id: "with space", product_id: product.id }, { node_id: "s", product_id: product.id, auth_info: { secret: "1234567" } }, { node_id: "s", product_id: product.id, auth_info: { auth_type: "PSK" } }, { node_id: "s" }],
    },
    "post /v5/iot/{project_id}/devices/{device_id}/action": {
      send: sender(routes.action.POST, () => buyerKey, { ...project, deviceId: device.id }, "?action_id=resetSecret"),
      ok: 200,
      good: [{}, { secret: "new-secret-123" }],
      bad: [{ secret: "short" }, { secret: "has spaces in it" }, { secret: 12345678 }],
    },
    // Valid tasks pass validation and name a file that was never uploaded: 404.
    "post /v5/iot/{project_id}/batchtasks": {
      send: sender(routes.batchtasks.POST, () => buyerKey, project),
      ok: 404,
      good: [{ task_type: "createDevices", document_source: "no-such-file" }, { task_name: "t", task_type: "createDevices", document_source: "no-such-file" }],
      bad: [{ task_type: "deleteDevices", document_source: "f" }, { task_type: "createDevices" }, { task_type: "createDevices", document_source: "" }],
    },
  };
});

type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>> };

describe("the OpenAPI document's request bodies", () => {
  it("are generated for every route that reads a JSON body, and each has samples here", async () => {
    const doc: Doc = await GET().json();
    const withBody = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => (op.requestBody ? [[`${method} ${path}`, Object.keys(op.requestBody.content)[0]] as const] : [])),
    );
    expect(withBody.filter(([, type]) => type === "application/json").map(([op]) => op).sort()).toEqual(Object.keys(operations).sort());
    expect(withBody.filter(([, type]) => type !== "application/json")).toEqual([
      ["post /api/v1/applications/{applicationId}/specs/import", "multipart/form-data"],
      ["post /v5/iot/{project_id}/batchtask-files", "multipart/form-data"],
    ]);
  });

  it("accept what the routes accept and refuse what they refuse as invalid", async () => {
    const doc: Doc = await GET().json();
    for (const [name, operation] of Object.entries(operations)) {
      const [method, path] = name.split(" ");
      const op = doc.paths[path!]![method!]!;
      const schema = op.requestBody!.content["application/json"]!.schema;
      for (const body of operation.good) {
        const label = `${name} ${JSON.stringify(body)}`;
        expect(validateJson(schema, body, doc as never), label).toEqual([]);
        const response = await operation.send(body);
        const answer = await response.json();
        expect(response.status, `${label}: ${JSON.stringify(answer)}`).toBe(operation.ok);
        // What the route answered is what the document says it answers.
        const documented = op.responses[String(response.status)]?.content?.["application/json"]?.schema;
        expect(documented, `${label}: status ${response.status} is documented`).toBeDefined();
        expect(validateJson(documented!, answer, doc as never), `${label} answer`).toEqual([]);
      }
      for (const body of operation.bad) {
        const label = `${name} ${JSON.stringify(body)}`;
        expect(validateJson(schema, body, doc as never), label).not.toEqual([]);
        const response = await operation.send(body);
        expect([400, 422], `${label}: ${await response.clone().text()}`).toContain(response.status);
        expect(validateJson(op.responses[String(response.status)]!.content!["application/json"]!.schema, await response.json(), doc as never)).toEqual([]);
      }
    }
  });
});
