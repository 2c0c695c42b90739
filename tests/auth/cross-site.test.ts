import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/service";
import { listApplications } from "@/lib/applications/queries";
import { applicationListQuerySchema } from "@/lib/applications/schema";
import { crossSiteCookieWrite } from "@/lib/auth/cross-site";
import { authSecret } from "@/lib/auth/secret";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));
const applications = await import("@/app/api/v1/applications/route");

const APP = "http://127.0.0.1:3000";
const json = { "content-type": "application/json" };
const request = (path: string, method: string, headers: Record<string, string>, body?: string) =>
  new Request(`${APP}${path}`, { method, headers: { host: "127.0.0.1:3000", ...headers }, body });

describe("which cookie-authenticated writes are refused", () => {
  const body = JSON.stringify({ name: "x" });
  it("allows reads, same-origin JSON writes, body-less writes from our pages, and anything with an API key", () => {
    expect(crossSiteCookieWrite(request("/api/v1/applications", "GET", { origin: "http://evil.test" }))).toBeNull();
    expect(crossSiteCookieWrite(request("/api/v1/applications", "POST", { origin: APP, ...json }, body))).toBeNull();
    expect(crossSiteCookieWrite(request("/api/v1/applications", "POST", { "sec-fetch-site": "same-origin", "content-type": "application/json; charset=utf-8" }, body))).toBeNull();
    expect(crossSiteCookieWrite(request("/api/v1/deployments/d1", "DELETE", { origin: APP }))).toBeNull();
    expect(crossSiteCookieWrite(request("/api/v1/applications", "POST", { "x-auth-token": "k", "content-type": "text/plain" }, body))).toBeNull();
    expect(crossSiteCookieWrite(request("/api/v1/applications", "POST", { authorization: "Bearer k" }, body))).toBeNull();
    // Behind a reverse proxy the browser's Origin names the public host.
    expect(crossSiteCookieWrite(request("/api/v1/applications", "POST", { origin: "https://market.example", "x-forwarded-host": "market.example", ...json }, body))).toBeNull();
  });

  it("refuses another origin (another port, another site, none, null) and a body that is not JSON", () => {
    for (const headers of [
      { origin: "http://127.0.0.1:4000", "sec-fetch-site": "same-site" },
      { origin: "http://evil.test", "sec-fetch-site": "cross-site" },
      { origin: "null" },
      {},
      { "sec-fetch-site": "cross-site" },
    ] as Record<string, string>[]) {
      expect(crossSiteCookieWrite(request("/api/v1/applications", "POST", { ...headers, ...json }, body)), JSON.stringify(headers)).toBe("crossSiteWrite");
    }
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      expect(crossSiteCookieWrite(request("/api/v1/specs/s1", method, { origin: "http://evil.test" }))).toBe("crossSiteWrite");
    }
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      expect(crossSiteCookieWrite(request("/api/v1/applications", "POST", { origin: APP, "content-type": type }, body))).toBe("jsonContentTypeRequired");
    }
    expect(crossSiteCookieWrite(request("/api/v1/applications", "POST", { origin: APP }, body))).toBe("jsonContentTypeRequired");
  });

  it("the spec import takes multipart (and only multipart)", () => {
    const path = "/api/v1/applications/a1/specs/import";
    expect(crossSiteCookieWrite(request(path, "POST", { origin: APP, "content-type": "multipart/form-data; boundary=x" }, "--x--"))).toBeNull();
    expect(crossSiteCookieWrite(request(path, "POST", { origin: APP, ...json }, "{}"))).toBe("multipartRequired");
    expect(crossSiteCookieWrite(request(path, "POST", { origin: "http://127.0.0.1:4000", "content-type": "multipart/form-data; boundary=x" }, "--x--"))).toBe("crossSiteWrite");
  });
});

describe("POST /api/v1/applications on a session cookie", () => {
  const fields = { name: "跨站", industry: "智慧城市", scenario: "智慧路灯", description: "" };

  it("answers a forged form post 403 in the API's error shape and stores nothing; our own page's fetch and an API key work", async () => {
    const user = await makeUser(["isv"]);
    const salt = "authjs.session-token";
    const cookie = `${salt}=${await encode({ token: { sub: user.id }, secret: authSecret(), salt })}`;
    // What <form enctype=text/plain> on another port of the same host sends: valid JSON in a text/plain body.
    const forged = request("/api/v1/applications", "POST", { cookie, origin: "http://127.0.0.1:4000", "sec-fetch-site": "same-site", "content-type": "text/plain" }, JSON.stringify(fields));
    const refused = await applications.POST(forged, undefined);
    expect(refused.status).toBe(403);
    const error = await refused.json();
    expect(error).toEqual({ error_code: "STAGECRAFT.0403", error_msg: expect.stringContaining("this site's own pages") });
    const sameOriginText = request("/api/v1/applications", "POST", { cookie, origin: APP, "content-type": "text/plain" }, JSON.stringify(fields));
    expect(await (await applications.POST(sameOriginText, undefined)).json()).toEqual({
      error_code: "STAGECRAFT.0403",
      error_msg: "Send the request body as JSON (Content-Type: application/json).",
    });
    expect(listApplications(user.id, applicationListQuerySchema.parse({})).total).toBe(0);

    const own = request("/api/v1/applications", "POST", { cookie, origin: APP, ...json }, JSON.stringify(fields));
    expect((await applications.POST(own, undefined)).status).toBe(201);
    const { key } = createApiKey(user, { name: "pipeline" });
    const scripted = request("/api/v1/applications", "POST", { "x-auth-token": key, ...json }, JSON.stringify({ ...fields, name: "脚本" }));
    expect((await applications.POST(scripted, undefined)).status).toBe(201);
    expect(listApplications(user.id, applicationListQuerySchema.parse({})).total).toBe(2);
  });
});
