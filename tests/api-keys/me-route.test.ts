import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { authSecret } from "@/lib/auth/secret";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { publicUrl } from "@/lib/env";
import { makeUser } from "../support/users";

// Route handlers read keys and the session cookie themselves; Auth.js is not needed here.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));
const { GET } = await import("@/app/api/v1/me/route");

const call = (headers: Record<string, string> = {}) =>
  GET(new Request("http://localhost/api/v1/me", { headers }), undefined);

describe("GET /api/v1/me", () => {
  it("answers the caller's id, email, roles and registry namespace for X-Auth-Token and Bearer keys", async () => {
    const user = await makeUser(["buyer", "isv"]);
    const { key } = createApiKey(user, { name: "me" });
    for (const headers of [{ "X-Auth-Token": key }, { Authorization: `Bearer ${key}` }] as Record<string, string>[]) {
      const response = await call(headers);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toEqual({ id: user.id, email: user.email, roles: ["buyer", "isv"], handle: expect.any(String), registry: expect.any(String) });
      // What a script needs for a pull reference: this server's host and the account's handle.
      expect(body.handle).toBe(user.handle);
      expect(body.registry).toBe(`${new URL(publicUrl()).host}/${user.handle}`);
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

  it("accepts the browser session cookie, and not a tampered or expired one", async () => {
    const user = await makeUser(["isv"]);
    const salt = "authjs.session-token";
    const token = await encode({ token: { sub: user.id }, secret: authSecret(), salt });
    const ok = await call({ Cookie: `${salt}=${token}` });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: user.id });

    const expired = await encode({ token: { sub: user.id }, secret: authSecret(), salt, maxAge: -60 });
    for (const cookie of [`${salt}=${token.slice(0, -4)}abcd`, `${salt}=${expired}`]) {
      expect((await call({ Cookie: cookie })).status).toBe(401);
    }
  });
});
