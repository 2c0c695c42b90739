import { describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/service";
import { makeApp, makeImageVersion, workloadGraph } from "../support/apps";
import { makeUser } from "../support/users";
import { zipOf } from "../support/zips";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const apps = await import("@/app/api/v1/applications/route");
const app = await import("@/app/api/v1/applications/[applicationId]/route");
const appSpecs = await import("@/app/api/v1/applications/[applicationId]/specs/route");
const importRoute = await import("@/app/api/v1/applications/[applicationId]/specs/import/route");
const spec = await import("@/app/api/v1/specs/[specId]/route");
const exportRoute = await import("@/app/api/v1/specs/[specId]/export/route");
const copyRoute = await import("@/app/api/v1/specs/[specId]/copy/route");
const industries = await import("@/app/api/v1/industries/route");

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) }) as never;
function req(key: string, method = "GET", body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { "X-Auth-Token": key, ...headers } };
  if (body instanceof FormData || typeof body === "string") init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  }
  return new Request("http://x/api/v1/test", init);
}
async function isvKey() {
  const user = await makeUser(["isv"]);
  return { user, key: createApiKey(user, { name: "pipeline" }).key };
}
const newApp = { name: "园区网关", industry: "智慧城市", scenario: "智慧路灯", description: "" };
const newSpec = { type: "general", location: "edge", name: "标准版", description: "一台网关", allowTrial: true, priceMonthly: 10, currency: "USD" };

describe("specs as code: /api/v1 applications and specs", () => {
  it("creates, reads, edits, copies, exports, imports and deletes through the same services", async () => {
    const { user, key } = await isvKey();
    makeImageVersion(user, "gw", "v1.0");
    const list = await (await industries.GET(req(key), undefined)).json();
    expect(list.industries).toContainEqual({
      name: "智慧城市",
      nameEn: "Smart city",
      scenarios: expect.arrayContaining(["智慧路灯"]),
      scenariosEn: expect.objectContaining({ 智慧路灯: "Smart street lighting" }),
    });

    const created = await apps.POST(req(key, "POST", newApp), undefined);
    expect(created.status).toBe(201);
    const { id: appId } = await created.json();
    expect((await (await apps.GET(req(key), undefined)).json()).applications).toEqual([expect.objectContaining({ id: appId, specCount: 0, reviewStatus: "none" })]);
    const patched = await app.PATCH(req(key, "PATCH", { description: "新描述" }), ctx({ applicationId: appId }));
    expect(await patched.json()).toMatchObject({ name: "园区网关", description: "新描述" });
    // A field left out of a PATCH keeps its value: the description is not reset to its default.
    const renamed = await app.PATCH(req(key, "PATCH", { name: "园区网关二" }), ctx({ applicationId: appId }));
    expect(await renamed.json()).toMatchObject({ name: "园区网关二", description: "新描述" });
    await app.PATCH(req(key, "PATCH", { name: "园区网关" }), ctx({ applicationId: appId }));

    const specRes = await appSpecs.POST(req(key, "POST", { ...newSpec, graph: workloadGraph("gw:v1.0") }), ctx({ applicationId: appId }));
    expect(specRes.status).toBe(201);
    const s = await specRes.json();
    expect(s).toMatchObject({ status: "draft", pricePlan: { currency: "USD", perMonth: 10, perYear: null }, needsAttention: false });
    const edited = await spec.PATCH(req(key, "PATCH", { graph: workloadGraph("gw:v9.9") }), ctx({ specId: s.id }));
    expect(await edited.json()).toMatchObject({ needsAttention: true, unresolvedImages: ["gw:v9.9"] });
    const copy = await (await copyRoute.POST(req(key, "POST"), ctx({ specId: s.id }))).json();
    expect(copy.name).toBe("标准版 副本");

    const exported = await exportRoute.GET(req(key), ctx({ specId: s.id }));
    expect(exported.headers.get("content-type")).toBe("application/zip");
    expect(exported.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("园区网关-标准版.zip")}`);
    const form = new FormData();
    form.set("file", new Blob([await exported.arrayBuffer()]), "x.zip");
    form.set("name", "导入版");
    const imported = await importRoute.POST(req(key, "POST", form), ctx({ applicationId: appId }));
    expect(imported.status).toBe(201);
    expect(await imported.json()).toMatchObject({ name: "导入版", unresolvedImages: ["gw:v9.9"] });
    expect((await (await appSpecs.GET(req(key), ctx({ applicationId: appId }))).json()).specs.map((x: { name: string }) => x.name)).toEqual(["标准版", "标准版 副本", "导入版"]);

    expect((await spec.DELETE(req(key, "DELETE"), ctx({ specId: copy.id }))).status).toBe(204);
    expect((await spec.GET(req(key), ctx({ specId: copy.id }))).status).toBe(404);
    expect((await app.DELETE(req(key, "DELETE"), ctx({ applicationId: appId }))).status).toBe(204);
    expect((await spec.GET(req(key), ctx({ specId: s.id }))).status).toBe(404);
  });

  it("answers bad input with IoTDA-shaped errors and field messages, storing nothing", async () => {
    const { key } = await isvKey();
    const bad = await apps.POST(req(key, "POST", { ...newApp, name: "n".repeat(65), scenario: "" }), undefined);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      error_code: "STAGECRAFT.0422",
      error_msg: "Please check the highlighted fields.",
      fields: { name: ["The name can have at most 64 characters."], scenario: ["Choose a scenario."] },
    });
    const notJson = await apps.POST(req(key, "POST", "{oops", { "Content-Type": "application/json" }), undefined);
    expect(notJson.status).toBe(422);
    expect((await notJson.json()).error_msg).toBe("The request body is not valid JSON.");
    await apps.POST(req(key, "POST", newApp), undefined);
    const dup = await apps.POST(req(key, "POST", newApp), undefined);
    expect(dup.status).toBe(409);
    expect((await dup.json()).fields).toEqual({ name: ["You already have an application with this name."] });
    expect((await (await apps.GET(req(key), undefined)).json()).total).toBe(1);

    const { id: appId } = (await (await apps.GET(req(key), undefined)).json()).applications[0];
    const cyclic = { nodes: [{ id: "a", type: "workload" }, { id: "b", type: "volume" }], edges: [{ from: "a", to: "b" }, { from: "b", to: "a" }] };
    const cycle = await appSpecs.POST(req(key, "POST", { ...newSpec, graph: cyclic }), ctx({ applicationId: appId }));
    expect(cycle.status).toBe(422);
    expect((await cycle.json()).fields).toEqual({ "graph.edges": ["The dependencies contain a cycle."] });

    const form = new FormData();
    form.set("file", new Blob([Buffer.from(await zipOf({ "spec.json": JSON.stringify({ formatVersion: 2 }) }))]), "x.zip");
    const unknown = await importRoute.POST(req(key, "POST", form), ctx({ applicationId: appId }));
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error_msg).toBe("Unsupported formatVersion: 2 (supported: 1).");
    const big = new FormData();
    big.set("file", new Blob([new Uint8Array(600 * 1024)]), "big.zip");
    const tooBig = await importRoute.POST(req(key, "POST", big), ctx({ applicationId: appId }));
    expect(tooBig.status).toBe(422);
    expect((await tooBig.json()).error_msg).toBe("The file to import must be at most 500 KB.");
    // A body without a declared length (chunked) is cut off once it passes the limit.
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        if (sent > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const chunked = new Request("http://x/api/v1/test", {
      method: "POST",
      body: endless,
      headers: { "X-Auth-Token": key, "Content-Type": "multipart/form-data; boundary=x" },
      duplex: "half",
    } as RequestInit);
    const cut = await importRoute.POST(chunked, ctx({ applicationId: appId }));
    expect(cut.status).toBe(422);
    expect((await cut.json()).error_msg).toBe("The file to import must be at most 500 KB.");
    expect(sent).toBeLessThan(1024 * 1024);
    expect((await (await appSpecs.GET(req(key), ctx({ applicationId: appId }))).json()).specs).toEqual([]);
  });

  it("keeps two ISVs apart: another ISV's ids answer 404 like missing ones; buyers get 403", async () => {
    const a = await isvKey();
    const b = await isvKey();
    const buyerKey = createApiKey(await makeUser(["buyer"]), { name: "p" }).key;
    const appA = makeApp(a.user, "A 的应用");
    const s = await (await appSpecs.POST(req(a.key, "POST", newSpec), ctx({ applicationId: appA.id }))).json();
    for (const res of [
      await app.GET(req(b.key), ctx({ applicationId: appA.id })),
      await app.PATCH(req(b.key, "PATCH", { name: "mine" }), ctx({ applicationId: appA.id })),
      await app.DELETE(req(b.key, "DELETE"), ctx({ applicationId: appA.id })),
      await appSpecs.GET(req(b.key), ctx({ applicationId: appA.id })),
      await appSpecs.POST(req(b.key, "POST", newSpec), ctx({ applicationId: appA.id })),
      await spec.GET(req(b.key), ctx({ specId: s.id })),
      await spec.PATCH(req(b.key, "PATCH", { name: "x" }), ctx({ specId: s.id })),
      await spec.DELETE(req(b.key, "DELETE"), ctx({ specId: s.id })),
      await exportRoute.GET(req(b.key), ctx({ specId: s.id })),
      await copyRoute.POST(req(b.key, "POST"), ctx({ specId: s.id })),
      await app.GET(req(a.key), ctx({ applicationId: "no-such-id" })),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await apps.GET(req(b.key), undefined).then((r) => r.json())).total).toBe(0);
    expect((await apps.GET(req(buyerKey), undefined)).status).toBe(403);
    expect((await apps.GET(new Request("http://x/api/v1/applications"), undefined)).status).toBe(401);
    const mine = await (await appSpecs.GET(req(a.key), ctx({ applicationId: appA.id }))).json();
    expect(mine.specs).toEqual([expect.objectContaining({ name: "标准版" })]);
    expect((await app.GET(req(a.key), ctx({ applicationId: appA.id })).then((r) => r.json())).name).toBe("A 的应用");
  });
});
