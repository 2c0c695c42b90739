import { describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/service";
import { makeUser } from "../support/users";

// A small budget for this file; the limiter reads API_RATE_LIMIT when it is first used.
process.env.API_RATE_LIMIT = "3";
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));
const { GET: me } = await import("@/app/api/v1/me/route");
const { GET: products } = await import("@/app/v5/iot/[projectId]/products/route");
const { GET: appDevices } = await import("@/app/api/v1/apps/[appId]/devices/route");
const { handleRegistryRequest } = await import("@/lib/registry/handler");
const uploads = await import("@/app/api/uploads/[[...path]]/route");

const quotaHeaders = (response: Response) =>
  ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"].map((name) => response.headers.get(name));

/** Answers of `count` calls, as status and rate-limit headers. */
async function calls(count: number, call: () => Promise<Response>) {
  const answers: Response[] = [];
  for (let i = 0; i < count; i++) answers.push(await call());
  return answers;
}

describe("API rate limits", () => {
  it("answers an API key's 4th request in a minute with 429 on /api/v1, headers on every answer; another key is unaffected", async () => {
    const user = await makeUser(["buyer"]);
    const { key } = createApiKey(user, { name: "busy" });
    const { key: other } = createApiKey(user, { name: "quiet" });
    const answers = await calls(4, () => me(new Request("http://x/api/v1/me", { headers: { "X-Auth-Token": key } }), undefined));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(answers.slice(0, 3).map((r) => quotaHeaders(r).slice(0, 2))).toEqual([["3", "2"], ["3", "1"], ["3", "0"]]);
    const [limit, remaining, reset, retryAfter] = quotaHeaders(answers[3]);
    expect([limit, remaining]).toEqual(["3", "0"]);
    expect(Number(reset)).toBeGreaterThan(0);
    expect(Number(reset)).toBeLessThanOrEqual(60);
    expect(retryAfter).toBe(reset);
    expect(await answers[3].json()).toEqual({ error_code: "STAGECRAFT.0429", error_msg: "Too many requests with this key. Try again after the seconds in Retry-After." });
    // The key is also refused on /v5, in IoTDA's shape, and on /v2, in the OCI shape.
    const iotda = await products(new Request(`http://x/v5/iot/${user.id}/products`, { headers: { "X-Auth-Token": key } }), { params: Promise.resolve({ projectId: user.id }) });
    expect(iotda.status).toBe(429);
    expect(await iotda.json()).toMatchObject({ error_code: "APIGW.0308" });
    const basic = `Basic ${Buffer.from(`${user.email}:${key}`).toString("base64")}`;
    const registry = await handleRegistryRequest(new Request("http://x/v2/", { headers: { authorization: basic } }));
    expect(registry.status).toBe(429);
    expect((await registry.json()).errors[0].code).toBe("TOOMANYREQUESTS");
    expect(registry.headers.get("Retry-After")).toBeTruthy();

    const fresh = await me(new Request("http://x/api/v1/me", { headers: { Authorization: `Bearer ${other}` } }), undefined);
    expect(fresh.status).toBe(200);
    expect(quotaHeaders(fresh).slice(0, 2)).toEqual(["3", "2"]);
  });

  it("counts creating a tus upload against the API key, but not the requests of an upload under way", async () => {
    const user = await makeUser(["isv"]);
    const { key } = createApiKey(user, { name: "uploads" });
    const tus = (method: string, url: string, headers: Record<string, string>, body?: BodyInit) =>
      uploads[method as "POST"](new Request(url, { method, body, headers: { "X-Auth-Token": key, "Tus-Resumable": "1.0.0", ...headers } }));
    let version = 0;
    const create = () => tus("POST", "http://x/api/uploads", { "Upload-Length": "4", "Upload-Metadata": `filename ${Buffer.from(`docker_busy_v1.${++version}.tar`).toString("base64")}` });
    const first = await create();
    expect(first.status).toBe(201);
    expect(quotaHeaders(first).slice(0, 2)).toEqual(["3", "2"]);
    const location = new URL(first.headers.get("location")!, "http://x").href;
    // Resuming: a HEAD and PATCHes of the upload under way are not counted.
    for (let i = 0; i < 4; i++) expect((await tus("HEAD", location, {})).status).toBe(200);
    expect((await tus("PATCH", location, { "Content-Type": "application/offset+octet-stream", "Upload-Offset": "0" }, "ab")).status).toBe(204);
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(201);
    const refused = await create();
    expect(refused.status).toBe(429);
    expect(quotaHeaders(refused)[3]).toBeTruthy();
    expect(await refused.json()).toMatchObject({ error_code: "STAGECRAFT.0429" });
  });

  it("limits an app key on the app API, apart from other keys", async () => {
    const appId = "app-1";
    const call = (key: string) => appDevices(new Request(`http://x/api/v1/apps/${appId}/devices`, { headers: { "X-Auth-Token": key } }), { params: Promise.resolve({ appId }) });
    const answers = await calls(4, () => call("sca_app-key-under-test"));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 429]);
    expect(quotaHeaders(answers[3])[3]).toBeTruthy();
    expect(await answers[3].json()).toMatchObject({ error_code: "STAGECRAFT.0429" });
    expect((await call("sca_another-app-key")).status).toBe(401);
  });

  it("limits a pull token on /v2 in the OCI error shape, apart from other tokens", async () => {
    const call = (token: string) => handleRegistryRequest(new Request("http://x/v2/", { headers: { authorization: `Bearer ${token}` } }));
    const answers = await calls(4, () => call("scp_token-under-test"));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 429]);
    expect(quotaHeaders(answers[3])).toEqual(["3", "0", expect.any(String), expect.any(String)]);
    expect(await answers[3].json()).toEqual({ errors: [{ code: "TOOMANYREQUESTS", message: expect.stringContaining("Retry-After") }] });
    expect((await call("scp_another-token")).status).toBe(401);
  });

  it("does not count requests that present no credential", async () => {
    const answers = await calls(5, () => me(new Request("http://x/api/v1/me"), undefined));
    expect(answers.map((r) => [r.status, r.headers.get("X-RateLimit-Limit")])).toEqual(Array(5).fill([401, null]));
  });
});
