import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { specImageRefs, specs, type User } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { makeApp, makeSpec, workloadGraph } from "../support/apps";
import { FIXTURES } from "../support/archives";
import { readyImageFrom } from "../support/images";
import { makeUser } from "../support/users";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/lib/auth/config", () => ({ auth, signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));
const { saveGraphAction } = await import("@/app/(console)/console/applications/[appId]/specs/[specId]/dependencies/actions");
const graphRoute = await import("@/app/api/v1/specs/[specId]/graph/route");
const catalogRoute = await import("@/app/api/v1/catalog/route");

let isv: User;
let other: User;
beforeAll(async () => {
  isv = await makeUser(["isv"]);
  other = await makeUser(["isv"]);
  await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
  // The other ISV owns an image of the same name: it must not count for `isv`.
  await readyImageFrom(other, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
});
beforeEach(() => auth.mockReset());
const signIn = (user: User) => auth.mockResolvedValue({ user: { id: user.id } });
const stored = (id: string) => getDb().select().from(specs).where(eq(specs.id, id)).get()!;
const refs = (id: string) => getDb().select().from(specImageRefs).where(eq(specImageRefs.specId, id)).all().length;

describe("saving a spec's graph", () => {
  it("makes the spec configured when the graph is valid and links its image", async () => {
    const spec = makeSpec(isv, makeApp(isv).id);
    signIn(isv);
    const result = await saveGraphAction(spec.id, workloadGraph("hello-iot:v1.0"));
    expect(result).toMatchObject({ ok: true, data: { valid: true, errors: [], status: "configured" } });
    expect(stored(spec.id)).toMatchObject({ status: "configured", graph: workloadGraph("hello-iot:v1.0") });
    expect(refs(spec.id)).toBe(1);
  });

  it("keeps an invalid graph as a draft, says why, and unlinks the image it no longer uses", async () => {
    const spec = makeSpec(isv, makeApp(isv).id, "标准版", workloadGraph("hello-iot:v1.0"));
    signIn(isv);
    const broken = workloadGraph("hello-iot:v1.0");
    delete broken.nodes[0].properties.image;
    const result = await saveGraphAction(spec.id, broken);
    expect(result).toMatchObject({ ok: true, data: { valid: false, status: "draft", errors: [{ code: "required", nodeId: "web", path: "image" }] } });
    expect(stored(spec.id)).toMatchObject({ status: "draft", graph: broken });
    expect(refs(spec.id)).toBe(0);
  });

  it("refuses a graph of the wrong shape and stores nothing", async () => {
    const spec = makeSpec(isv, makeApp(isv).id, "标准版", workloadGraph("hello-iot:v1.0"));
    signIn(isv);
    const result = await saveGraphAction(spec.id, { nodes: "no" });
    expect(result).toMatchObject({ ok: false, message: "graphInvalid" });
    expect(stored(spec.id).graph).toEqual(workloadGraph("hello-iot:v1.0"));
  });

  it("does not let another ISV save, or see, the spec; nor a buyer", async () => {
    const spec = makeSpec(isv, makeApp(isv).id, "标准版", workloadGraph("hello-iot:v1.0"));
    const before = stored(spec.id);
    signIn(other);
    expect(await saveGraphAction(spec.id, workloadGraph("hello-iot:v1.0"))).toMatchObject({ ok: false, message: "specNotFound" });
    expect(stored(spec.id)).toEqual(before);
    signIn(await makeUser(["buyer"]));
    await expect(saveGraphAction(spec.id, workloadGraph("hello-iot:v1.0"))).rejects.toThrow();
    expect(stored(spec.id)).toEqual(before);
  });
});

describe("the graph API", () => {
  it("PUTs and GETs a graph with its problems and bill of materials; 404 for another ISV", async () => {
    const spec = makeSpec(isv, makeApp(isv).id);
    const key = createApiKey(isv, { name: "ci" }).key;
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const ctx = { params: Promise.resolve({ specId: spec.id }) };
    const url = `http://localhost/api/v1/specs/${spec.id}/graph`;
    const graph = workloadGraph("hello-iot:v1.0");
    graph.nodes[1].properties.port = 81;
    const put = await graphRoute.PUT(new Request(url, { method: "PUT", headers, body: JSON.stringify(graph) }), ctx);
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      valid: false,
      status: "draft",
      errors: [{ nodeId: "web-endpoint", path: "port", code: "endpointPortMissing", message: expect.stringContaining("81") }],
      billOfMaterials: [{ nodeId: "web", spec: "0.5 vCPU / 256 MiB", quantity: 1 }, { nodeId: "web-endpoint" }],
    });
    const got = await graphRoute.GET(new Request(url, { headers }), ctx);
    expect(await got.json()).toMatchObject({ graph, valid: false });

    const bad = await graphRoute.PUT(new Request(url, { method: "PUT", headers, body: JSON.stringify({ nodes: [{ id: "a", type: "lambda" }], edges: [] }) }), ctx);
    expect(bad.status).toBe(422);

    const otherKey = createApiKey(other, { name: "ci" }).key;
    const theirs = await graphRoute.GET(new Request(url, { headers: { authorization: `Bearer ${otherKey}` } }), ctx);
    expect(theirs.status).toBe(404);
  });

  it("lists the catalogue with JSON Schemas", async () => {
    const key = createApiKey(isv, { name: "cat" }).key;
    const res = await catalogRoute.GET(new Request("http://localhost/api/v1/catalog", { headers: { authorization: `Bearer ${key}` } }), undefined);
    const body = await res.json();
    expect(body.types.map((t: { type: string }) => t.type)).toEqual(["network", "workload", "volume", "endpoint", "credentials"]);
    expect(body.types[1]).toMatchObject({ label: { en: "Workload" }, properties: { type: "object", required: ["image"] } });
  });
});
