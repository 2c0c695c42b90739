import { describe, expect, it } from "vitest";
import { foreignServerAction } from "@/lib/http/foreign-action";
import { newNonce, nonceOf, pageCsp } from "@/lib/http/csp";

const action = (headers: Record<string, string>, method = "POST") =>
  new Request("http://127.0.0.1:3000/console/images", { method, headers: { host: "127.0.0.1:3000", "next-action": "7f00", ...headers } });

describe("server actions from another website", () => {
  it("answer 403 { ok: false, message } in the visitor's language", async () => {
    for (const origin of ["http://evil.test", "http://127.0.0.1:4000", "null"]) {
      const refused = foreignServerAction(action({ origin }))!;
      expect(refused.status, origin).toBe(403);
      expect(await refused.json()).toEqual({ ok: false, message: "已拒绝：该表单来自其他网站。" });
    }
    const english = foreignServerAction(action({ origin: "http://evil.test", cookie: "NEXT_LOCALE=en" }))!;
    expect(await english.json()).toEqual({ ok: false, message: "Refused: this form was sent from another website." });
  });

  it("leave our own, those behind a reverse proxy, those without Origin (Next decides) and non-actions alone", () => {
    expect(foreignServerAction(action({ origin: "http://127.0.0.1:3000" }))).toBeNull();
    expect(foreignServerAction(action({ origin: "https://market.example", "x-forwarded-host": "market.example" }))).toBeNull();
    expect(foreignServerAction(action({}))).toBeNull();
    expect(foreignServerAction(new Request("http://127.0.0.1:3000/login", { method: "GET", headers: { origin: "http://evil.test" } }))).toBeNull();
  });

  it("cover a plain form post to a page too (no Next-Action: the action is named in the form's fields)", async () => {
    const form = new FormData();
    form.set("$ACTION_ID_7f00", "");
    const post = new Request("http://127.0.0.1:3000/settings/api-keys", { method: "POST", headers: { host: "127.0.0.1:3000", origin: "http://evil.test" }, body: form });
    expect(foreignServerAction(post)?.status).toBe(403);
  });
});

describe("the page policy", () => {
  it("names a fresh nonce and refuses frames, plugins and foreign bases", () => {
    const [a, b] = [newNonce(), newNonce()];
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    const policy = pageCsp(a, false);
    expect(nonceOf(policy)).toBe(a);
    expect(policy).toContain(`script-src 'self' 'nonce-${a}' 'strict-dynamic'`);
    expect(policy).not.toContain("unsafe-eval");
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "connect-src 'self'", "img-src 'self' data: blob:"]) expect(policy).toContain(directive);
    expect(pageCsp(a, true)).toContain("'unsafe-eval'");
    expect(nonceOf(null)).toBeNull();
  });
});
