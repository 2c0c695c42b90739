import { describe, expect, it, vi } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { makeUser } from "../support/users";

// No browser session in these requests: only keys can authenticate.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));
const { GET } = await import("@/app/api/v1/me/route");

const call = (headers: Record<string, string> = {}) =>
  GET(new Request("http://localhost/api/v1/me", { headers }), undefined);

describe("GET /api/v1/me", () => {
  it("answers the caller's id, email and roles for X-Auth-Token and Bearer keys", async () => {
    const user = await makeUser(["buyer", "isv"]);
    const { key } = createApiKey(user, { name: "me" });
    for (const headers of [{ "X-Auth-Token": key }, { Authorization: `Bearer ${key}` }] as Record<string, string>[]) {
      const response = await call(headers);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ id: user.id, email: user.email, roles: ["buyer", "isv"] });
    }
  });

  it("answers 401 JSON without credentials, with a wrong key and with a revoked key", async () => {
    const user = await makeUser();
    const { id, key } = createApiKey(user, { name: "soon revoked" });
    revokeApiKey(user, id);
    for (const headers of [{}, { "X-Auth-Token": "sc_wrong" }, { "X-Auth-Token": key }, { Authorization: "Basic abc" }] as Record<string, string>[]) {
      const response = await call(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toMatchObject({ error_code: "STAGECRAFT.0401" });
    }
  });
});
