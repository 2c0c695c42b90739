import { beforeEach, describe, expect, it, vi } from "vitest";
import { createIndustry, deleteIndustry, updateIndustry } from "@/lib/industries/service";
import { newNonce, pageCsp } from "@/lib/http/csp";
import { FILL_HEADER, forgetPages, forgetSignedInPages, pageStoreKey, storedPage, type Render } from "@/lib/page-store";
import { decideSubmission, submitForReview } from "@/lib/reviews/service";
import { endSessions, resetPassword, setUserRoles } from "@/lib/users/service";
import { markSpecTested } from "@/lib/specs/service";
import { makeApp, makeSpec } from "../support/apps";
import { makeJpeg, makePng } from "../support/png";
import { makeUser } from "../support/users";

const BASE = "http://market.test";
const get = (path: string, headers: Record<string, string> = {}, method = "GET") => new Request(`${BASE}${path}`, { method, headers });

/** A stand-in for the server's own render: counts calls, answers what `reply` says. */
function fakeRender(reply: (path: string, locale: string, session?: string) => Response | Promise<Response> = (path, locale) => page(`${locale} ${path}`)) {
  return vi.fn<Render>(async (path, locale, session) => reply(path, locale, session));
}
/** The nonce of the fake render's policy (the proxy sets a fresh one on every page request). */
const RENDERED_NONCE = newNonce();
const page = (text: string, init: ResponseInit = {}) =>
  new Response(text, {
    status: 200,
    ...init,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
      "content-security-policy": pageCsp(RENDERED_NONCE),
      "x-other": "dropped",
      ...init.headers,
    },
  });

beforeEach(() => forgetPages());

describe("which requests are served from the page store", () => {
  it("page loads of canonical /market URLs, keyed by locale and viewer", () => {
    expect(pageStoreKey(get("/market"))).toBe("zh-CN - /market");
    expect(pageStoreKey(get("/market", { cookie: "NEXT_LOCALE=en" }))).toBe("en - /market");
    expect(pageStoreKey(get("/market", { cookie: "NEXT_LOCALE=fr" }))).toBe("zh-CN - /market");
    expect(pageStoreKey(get("/market?q=%E5%81%9C%E8%BD%A6&industry=%E6%99%BA%E6%85%A7%E5%9B%AD%E5%8C%BA&tag=trial&page=2"))).toBe(
      "zh-CN - /market?q=%E5%81%9C%E8%BD%A6&industry=%E6%99%BA%E6%85%A7%E5%9B%AD%E5%8C%BA&tag=trial&page=2",
    );
    // A signed-in visitor's own entry: a hash of the cookie, never the token itself.
    const mine = pageStoreKey(get("/market", { cookie: "NEXT_LOCALE=en; authjs.session-token=abc" }))!;
    expect(mine).toMatch(/^en [\w-]{43} \/market$/);
    expect(mine).not.toContain("abc");
    expect(pageStoreKey(get("/market", { cookie: "authjs.session-token=abd" }))).not.toBe(mine.replace("en ", "zh-CN "));
    expect(pageStoreKey(get("/market", { cookie: "__Secure-authjs.session-token=abc" }))).not.toBe(mine.replace("en ", "zh-CN "));
  });

  it("anonymous loads of /login (with at most its callbackUrl) and /signup; a signed-in visitor's are rendered", () => {
    expect(pageStoreKey(get("/login"))).toBe("zh-CN - /login");
    expect(pageStoreKey(get("/login?callbackUrl=%2Fworkbench%2Fdevices"))).toBe("zh-CN - /login?callbackUrl=%2Fworkbench%2Fdevices");
    expect(pageStoreKey(get("/signup", { cookie: "NEXT_LOCALE=en" }))).toBe("en - /signup");
    for (const path of ["/login?x=1", "/login?callbackUrl=a&callbackUrl=b", "/signup?role=isv", "/login/x", "/"]) {
      expect(pageStoreKey(get(path)), path).toBeNull();
    }
    expect(pageStoreKey(get("/login", { cookie: "authjs.session-token=abc" }))).toBeNull();
    expect(pageStoreKey(get("/signup", { cookie: "__Secure-authjs.session-token=abc" }))).toBeNull();
  });

  it("not: client navigations, actions, non-GET, crawlers, the store's own render", () => {
    expect(pageStoreKey(get("/market", { rsc: "1" }))).toBeNull();
    // What lib/cli/server.mjs says of a router request, whose own headers Next hides from the proxy.
    expect(pageStoreKey(get("/market", { "x-stagecraft-router": "1" }))).toBeNull();
    expect(pageStoreKey(get("/market", { "x-stagecraft-router": "0" }))).toBe("zh-CN - /market");
    expect(pageStoreKey(get("/market", { "next-router-prefetch": "1" }))).toBeNull();
    expect(pageStoreKey(get("/market", { "next-action": "abc" }))).toBeNull();
    expect(pageStoreKey(get("/market", {}, "POST"))).toBeNull();
    expect(pageStoreKey(get("/market", {}, "HEAD"))).toBeNull();
    expect(pageStoreKey(get("/market", { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1)" }))).toBeNull();
    expect(pageStoreKey(get("/market", { [FILL_HEADER]: "1" }))).toBeNull();
    expect(pageStoreKey(get("/market/abc"))).toBeNull();
  });

  it("not: URLs other than the canonical one the page links to (defaults, order, junk, duplicates)", () => {
    for (const path of ["/market?page=1", "/market?q=", "/market?page=2&q=a", "/market?page=abc", "/market?tag=nope", "/market?utm_source=x", "/market?q=a&q=b", "/market?q=%20a"]) {
      expect(pageStoreKey(get(path)), path).toBeNull();
    }
    expect(pageStoreKey(get("/market?q=a&page=2"))).toBe("zh-CN - /market?q=a&page=2");
  });
});

describe("the page store", () => {
  it("renders once, then answers from the store with the page's own headers; locales are kept apart", async () => {
    const render = fakeRender();
    const first = await storedPage(get("/market"), newNonce(), render);
    expect(first?.headers.get("x-stagecraft-cache")).toBe("miss");
    const second = (await storedPage(get("/market"), newNonce(), render))!;
    expect(second.headers.get("x-stagecraft-cache")).toBe("hit");
    expect(await second.text()).toBe("zh-CN /market");
    expect(second.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(second.headers.get("cache-control")).toBe("private, no-store");
    expect(second.headers.has("x-other")).toBe(false);
    expect(await (await storedPage(get("/market", { cookie: "NEXT_LOCALE=en" }), newNonce(), render))!.text()).toBe("en /market");
    expect(render.mock.calls).toEqual([
      ["/market", "zh-CN", undefined],
      ["/market", "en", undefined],
    ]);
  });

  it("a signed-in visitor's page is rendered with its own session cookie and kept for it alone", async () => {
    const render = fakeRender((path, locale, session) => page(`${locale} ${path} as ${session}`));
    const visit = async (cookie: string) => (await storedPage(get("/market", { cookie }), newNonce(), render))!;
    expect(await (await visit("authjs.session-token=abc; other=x")).text()).toBe("zh-CN /market as authjs.session-token=abc");
    const again = await visit("authjs.session-token=abc");
    expect([again.headers.get("x-stagecraft-cache"), await again.text()]).toEqual(["hit", "zh-CN /market as authjs.session-token=abc"]);
    expect(await (await visit("authjs.session-token=xyz")).text()).toBe("zh-CN /market as authjs.session-token=xyz");
    expect(await (await visit("")).text()).toBe("zh-CN /market as undefined");
    expect(render).toHaveBeenCalledTimes(3);

    // Sessions ending (in this process) drop the signed-in visitors' pages, not the anonymous ones.
    forgetSignedInPages();
    expect((await visit("authjs.session-token=abc")).headers.get("x-stagecraft-cache")).toBe("miss");
    expect((await visit("")).headers.get("x-stagecraft-cache")).toBe("hit");
  });

  it("a signed-in visitor's page lives 15 s, an anonymous one a minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const render = fakeRender();
      const state = async (cookie: string) => (await storedPage(get("/market", { cookie }), newNonce(), render))!.headers.get("x-stagecraft-cache");
      await state("authjs.session-token=abc");
      await state("");
      vi.advanceTimersByTime(16_000);
      expect(await state("authjs.session-token=abc")).toBe("miss");
      expect(await state("")).toBe("hit");
    } finally {
      vi.useRealTimers();
    }
  });

  it("every answer carries its own nonce in place of the render's, everywhere in the page", async () => {
    const html = `<script nonce="${RENDERED_NONCE}">1</script><link nonce="${RENDERED_NONCE}"><p>${RENDERED_NONCE.slice(0, 8)}</p>`;
    const render = fakeRender(() => page(html, { headers: { link: `</a.css>; rel=preload; as="style"; nonce="${RENDERED_NONCE}"` } }));
    const [first, second] = [newNonce(), newNonce()];
    const answers = [await storedPage(get("/market"), first, render), await storedPage(get("/market"), second, render)];
    expect(answers.map((a) => a!.headers.get("x-stagecraft-cache"))).toEqual(["miss", "hit"]);
    const [a, b] = await Promise.all(answers.map((answer) => answer!.text()));
    expect(a).toBe(html.replaceAll(RENDERED_NONCE, first));
    expect(b).toBe(html.replaceAll(RENDERED_NONCE, second));
    expect(b).not.toContain(RENDERED_NONCE);
    expect(answers[1]!.headers.get("link")).toBe(`</a.css>; rel=preload; as="style"; nonce="${second}"`);
    expect(b).toContain(`<p>${RENDERED_NONCE.slice(0, 8)}</p>`); // only the whole nonce is replaced
    expect(answers[1]!.headers.has("content-security-policy")).toBe(false); // the proxy sets the answer's own
  });

  it("concurrent misses wait for one render", async () => {
    let finish!: () => void;
    const render = fakeRender(async (path) => {
      await new Promise<void>((resolve) => (finish = resolve));
      return page(path);
    });
    const waiting = Array.from({ length: 32 }, () => storedPage(get("/market?page=3"), newNonce(), render));
    await vi.waitFor(() => expect(render).toHaveBeenCalledTimes(1));
    finish();
    const answers = await Promise.all(waiting);
    expect(await Promise.all(answers.map((a) => a!.text()))).toEqual(Array(32).fill("/market?page=3"));
    expect(render).toHaveBeenCalledTimes(1);
  });

  it("an error status, a redirect or a page setting a cookie is not stored: the page answers", async () => {
    for (const reply of [
      () => page("boom", { status: 500 }),
      () => new Response(null, { status: 307, headers: { location: "/login" } }),
      () => page("with cookie", { headers: { "set-cookie": "a=b" } }),
      // Rendered without a nonce (no policy): its scripts could not run under any answer's policy.
      () => page("no nonce", { headers: { "content-security-policy": "" } }),
    ]) {
      const render = fakeRender(reply);
      expect(await storedPage(get("/market"), newNonce(), render)).toBeNull();
      expect(await storedPage(get("/market"), newNonce(), render)).toBeNull();
      expect(render).toHaveBeenCalledTimes(2);
    }
  });

  it("when the server cannot be reached, the store is left alone for a minute: the page answers at once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const unreachable = fakeRender(() => Promise.reject(new TypeError("fetch failed")));
      expect(await storedPage(get("/market"), newNonce(), unreachable)).toBeNull();
      const render = fakeRender();
      expect(await storedPage(get("/market"), newNonce(), render)).toBeNull();
      expect(render).not.toHaveBeenCalled();
      vi.advanceTimersByTime(61_000);
      expect((await storedPage(get("/market"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("miss");
    } finally {
      vi.useRealTimers();
    }
  });

  it("forgetPages() empties it; a render that overlapped a change is served but not kept", async () => {
    const render = fakeRender();
    await storedPage(get("/market"), newNonce(), render);
    forgetPages();
    expect((await storedPage(get("/market"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("miss");
    expect(render).toHaveBeenCalledTimes(2);

    const slow = fakeRender(async () => {
      forgetPages(); // a listing approved while the page was rendering
      return page("before the change");
    });
    expect(await (await storedPage(get("/market?page=2"), newNonce(), slow))!.text()).toBe("before the change");
    expect((await storedPage(get("/market?page=2"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("miss");
  });

  it("keeps at most 500 pages, dropping the least recently used, and none older than a minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const render = fakeRender();
      await storedPage(get("/market"), newNonce(), render);
      for (let p = 2; p <= 501; p++) {
        await storedPage(get(`/market?page=${p}`), newNonce(), render);
        if (p === 250) await storedPage(get("/market"), newNonce(), render); // used again: kept
      }
      expect(render).toHaveBeenCalledTimes(501);
      expect((await storedPage(get("/market"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("hit");
      expect((await storedPage(get("/market?page=2"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("miss");
      vi.advanceTimersByTime(61_000);
      expect((await storedPage(get("/market"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("miss");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("changes that show on /market empty the store", () => {
  const stored = async () => (await storedPage(get("/market"), newNonce(), fakeRender()))!.headers.get("x-stagecraft-cache");

  it("an approval does; a rejection does not", async () => {
    const [isv, operator] = [await makeUser(["isv"]), await makeUser(["operator"])];
    const app = makeApp(isv);
    const spec = makeSpec(isv, app.id);
    markSpecTested(spec.id, spec.graph);
    const files = () => ({ logo: makePng(), showcase: makeJpeg(), intro: [makePng()] });
    const submit = () => submitForReview(isv, app.id, { name: "智慧停车", summary: "车位引导", specIds: [spec.id] }, files());

    await stored();
    decideSubmission(operator, submit().id, { decision: "reject", reasons: ["other"], comment: "再想想" });
    expect(await stored()).toBe("hit");
    const second = submit();
    expect(() => decideSubmission(isv, second.id, { decision: "approve", reasons: [], comment: "" })).toThrow(expect.objectContaining({ status: 403 }));
    expect(await stored()).toBe("hit");
    decideSubmission(operator, second.id, { decision: "approve", reasons: [], comment: "" });
    expect(await stored()).toBe("miss");
  });

  it("adding, changing and deleting an industry do (the filters list them); a refused change does not", async () => {
    const operator = await makeUser(["operator"]);
    await stored();
    const industry = createIndustry(operator, { name: `智慧港口 ${Date.now()}`, scenarios: ["集装箱"] });
    expect(await stored()).toBe("miss");
    expect(() => createIndustry(operator, { name: industry.name, scenarios: ["集装箱"] })).toThrow("industryExists");
    expect(await stored()).toBe("hit");
    updateIndustry(operator, industry.id, { name: industry.name, scenarios: ["集装箱", "堆场"] });
    expect(await stored()).toBe("miss");
    deleteIndustry(operator, industry.id);
    expect(await stored()).toBe("miss");
  });
});

describe("sessions ending drop the signed-in visitors' pages", () => {
  it("sign-out, a role change and a password reset each do", async () => {
    const user = await makeUser(["buyer"]);
    const render = fakeRender();
    const state = async () => (await storedPage(get("/market", { cookie: "authjs.session-token=abc" }), newNonce(), render))!.headers.get("x-stagecraft-cache");
    for (const end of [() => endSessions(user.id), () => setUserRoles(user.id, ["buyer", "isv"]), () => resetPassword(user.id, "another-password-1")]) {
      await state();
      expect(await state()).toBe("hit");
      await end();
      expect(await state()).toBe("miss");
    }
  });
});
