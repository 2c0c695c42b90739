import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/auth/client-address";
import { LOGIN_MAX_FAILURES, verifyLogin } from "@/lib/auth/login";
import { stampClientAddress, trustedProxies } from "@/lib/cli/client-address.mjs";
import { serve } from "../support/http";
import { makeUser } from "../support/users";

// A real HTTP server doing what lib/cli/server.mjs does, with a login behind it: the handler sees
// only the headers, as Next's handlers do.
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

async function loginServer(rule: string | undefined) {
  const trust = trustedProxies(rule);
  const server = await serve((req: http.IncomingMessage, res: http.ServerResponse) => {
    stampClientAddress(req, trust);
    const headers = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
    const url = new URL(req.url ?? "/", "http://x");
    verifyLogin({ email: url.searchParams.get("email"), password: url.searchParams.get("password") }, clientAddress(headers)).then(
      (user) => res.writeHead(user ? 200 : 401, { "x-seen-address": clientAddress(headers) }).end(),
      (error: Error) => res.writeHead(429, { "x-seen-address": clientAddress(headers) }).end(error.message),
    );
  });
  close = server.close;
  return async (email: string, password: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.base}/?${new URLSearchParams({ email, password })}`, { headers });
    return { status: response.status, address: response.headers.get("x-seen-address"), body: await response.text() };
  };
}

describe("the client's address", () => {
  it("is the socket's: a forged, rotating X-Forwarded-For or client-ip header does not escape the login limit", async () => {
    const login = await loginServer(undefined);
    const user = await makeUser();
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      const forged = { "X-Forwarded-For": `203.0.113.${i}`, "X-Stagecraft-Client-Ip": `198.51.100.${i}` };
      expect(await login(user.email, "nope", forged)).toMatchObject({ status: 401, address: "127.0.0.1" });
    }
    const last = await login(user.email, "password123", { "X-Forwarded-For": "203.0.113.200" });
    expect(last).toMatchObject({ status: 429, body: "tooManyLogins" });
  });

  it("with TRUSTED_PROXIES as a hop count, is the entry the trusted proxy appended", async () => {
    const login = await loginServer("1");
    const user = await makeUser();
    // The client writes anything in front; the proxy (here, the test on 127.0.0.1) appends the peer.
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      expect(await login(user.email, "nope", { "X-Forwarded-For": `10.9.9.${i}, 192.0.2.7` })).toMatchObject({ status: 401, address: "192.0.2.7" });
    }
    expect((await login(user.email, "password123", { "X-Forwarded-For": "10.9.9.99, 192.0.2.7" })).status).toBe(429);
    // Another client behind the same proxy is another address.
    expect(await login("nobody@test.local", "nope", { "X-Forwarded-For": "192.0.2.8" })).toMatchObject({ status: 401, address: "192.0.2.8" });
  });

  it("with TRUSTED_PROXIES as CIDRs, skips trusted proxies and stops at the first untrusted entry", async () => {
    const login = await loginServer("127.0.0.0/8, 10.0.0.0/8");
    expect((await login("a@test.local", "nope", { "X-Forwarded-For": "198.51.100.1, 192.0.2.9, 10.1.2.3" })).address).toBe("192.0.2.9");
    expect((await login("a@test.local", "nope", {})).address).toBe("127.0.0.1");
  });

  it("refuses a TRUSTED_PROXIES it cannot read, naming the variable", () => {
    for (const bad of ["10.0.0.0/99", "not-an-address", "-1"]) expect(() => trustedProxies(bad), bad).toThrow(/TRUSTED_PROXIES/);
    expect(trustedProxies("")("127.0.0.1", 0)).toBe(false);
  });
});
