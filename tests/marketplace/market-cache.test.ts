import { beforeEach, describe, expect, it, vi } from "vitest";
import { createIndustry, deleteIndustry, updateIndustry } from "@/lib/industries/service";
import { newNonce, pageCsp } from "@/lib/http/csp";
import { cachedMarketPage, FILL_HEADER, marketCacheKey, marketChanged, type Render } from "@/lib/marketplace/market-cache";
import { decideSubmission, submitForReview } from "@/lib/reviews/service";
import { markSpecTested } from "@/lib/specs/service";
import { makeApp, makeSpec } from "../support/apps";
import { makeJpeg, makePng } from "../support/png";
import { makeUser } from "../support/users";

const BASE = "http://market.test";
const get = (path: string, headers: Record<string, string> = {}, method = "GET") => new Request(`${BASE}${path}`, { method, headers });

/** A stand-in for the server's own render: counts calls, answers what `reply` says. */
function fakeRender(reply: (path: string, locale: string) => Response | Promise<Response> = (path, locale) => page(`${locale} ${path}`)) {
  return vi.fn<Render>(async (path, locale) => reply(path, locale));
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

beforeEach(() => marketChanged());

describe("which requests are served from the page store", () => {
  it("anonymous page loads of canonical /market URLs, keyed by locale", () => {
    expect(marketCacheKey(get("/market"))).toBe("zh-CN /market");
    expect(marketCacheKey(get("/market", { cookie: "NEXT_LOCALE=en" }))).toBe("en /market");
    expect(marketCacheKey(get("/market", { cookie: "NEXT_LOCALE=fr" }))).toBe("zh-CN /market");
    expect(marketCacheKey(get("/market?q=%E5%81%9C%E8%BD%A6&industry=%E6%99%BA%E6%85%A7%E5%9B%AD%E5%8C%BA&tag=trial&page=2"))).toBe(
      "zh-CN /market?q=%E5%81%9C%E8%BD%A6&industry=%E6%99%BA%E6%85%A7%E5%9B%AD%E5%8C%BA&tag=trial&page=2",
    );
  });

  it("not: signed-in visitors, client navigations, actions, non-GET, crawlers, the store's own render", () => {
    expect(marketCacheKey(get("/market", { cookie: "NEXT_LOCALE=en; authjs.session-token=abc" }))).toBeNull();
    expect(marketCacheKey(get("/market", { cookie: "__Secure-authjs.session-token=abc" }))).toBeNull();
    expect(marketCacheKey(get("/market", { rsc: "1" }))).toBeNull();
    expect(marketCacheKey(get("/market", { "next-router-prefetch": "1" }))).toBeNull();
    expect(marketCacheKey(get("/market", { "next-action": "abc" }))).toBeNull();
    expect(marketCacheKey(get("/market", {}, "POST"))).toBeNull();
    expect(marketCacheKey(get("/market", {}, "HEAD"))).toBeNull();
    expect(marketCacheKey(get("/market", { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1)" }))).toBeNull();
    expect(marketCacheKey(get("/market", { [FILL_HEADER]: "1" }))).toBeNull();
    expect(marketCacheKey(get("/market/abc"))).toBeNull();
  });

  it("not: URLs other than the canonical one the page links to (defaults, order, junk, duplicates)", () => {
    for (const path of ["/market?page=1", "/market?q=", "/market?page=2&q=a", "/market?page=abc", "/market?tag=nope", "/market?utm_source=x", "/market?q=a&q=b", "/market?q=%20a"]) {
      expect(marketCacheKey(get(path)), path).toBeNull();
    }
    expect(marketCacheKey(get("/market?q=a&page=2"))).toBe("zh-CN /market?q=a&page=2");
  });
});

describe("the page store", () => {
  it("renders once, then answers from the store with the page's own headers; locales are kept apart", async () => {
    const render = fakeRender();
    const first = await cachedMarketPage(get("/market"), newNonce(), render);
    expect(first?.headers.get("x-stagecraft-cache")).toBe("miss");
    const second = (await cachedMarketPage(get("/market"), newNonce(), render))!;
    expect(second.headers.get("x-stagecraft-cache")).toBe("hit");
    expect(await second.text()).toBe("zh-CN /market");
    expect(second.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(second.headers.get("cache-control")).toBe("private, no-store");
    expect(second.headers.has("x-other")).toBe(false);
    expect(await (await cachedMarketPage(get("/market", { cookie: "NEXT_LOCALE=en" }), newNonce(), render))!.text()).toBe("en /market");
    expect(render.mock.calls).toEqual([
      ["/market", "zh-CN"],
      ["/market", "en"],
    ]);
    expect(await cachedMarketPage(get("/market", { cookie: "authjs.session-token=abc" }), newNonce(), render)).toBeNull();
    expect(render).toHaveBeenCalledTimes(2);
  });

  it("every answer carries its own nonce in place of the render's, everywhere in the page", async () => {
    const html = `<script nonce="${RENDERED_NONCE}">1</script><link nonce="${RENDERED_NONCE}"><p>${RENDERED_NONCE.slice(0, 8)}</p>`;
    const render = fakeRender(() => page(html, { headers: { link: `</a.css>; rel=preload; as="style"; nonce="${RENDERED_NONCE}"` } }));
    const [first, second] = [newNonce(), newNonce()];
    const answers = [await cachedMarketPage(get("/market"), first, render), await cachedMarketPage(get("/market"), second, render)];
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
    const waiting = Array.from({ length: 32 }, () => cachedMarketPage(get("/market?page=3"), newNonce(), render));
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
      expect(await cachedMarketPage(get("/market"), newNonce(), render)).toBeNull();
      expect(await cachedMarketPage(get("/market"), newNonce(), render)).toBeNull();
      expect(render).toHaveBeenCalledTimes(2);
    }
  });

  it("when the server cannot be reached, the store is left alone for a minute: the page answers at once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const unreachable = fakeRender(() => Promise.reject(new TypeError("fetch failed")));
      expect(await cachedMarketPage(get("/market"), newNonce(), unreachable)).toBeNull();
      const render = fakeRender();
      expect(await cachedMarketPage(get("/market"), newNonce(), render)).toBeNull();
      expect(render).not.toHaveBeenCalled();
      vi.advanceTimersByTime(61_000);
      expect((await cachedMarketPage(get("/market"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("miss");
    } finally {
      vi.useRealTimers();
    }
  });

  it("marketChanged() empties it; a render that overlapped a change is served but not kept", async () => {
    const render = fakeRender();
    await cachedMarketPage(get("/market"), newNonce(), render);
    marketChanged();
    expect((await cachedMarketPage(get("/market"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("miss");
    expect(render).toHaveBeenCalledTimes(2);

    const slow = fakeRender(async () => {
      marketChanged(); // a listing approved while the page was rendering
      return page("before the change");
    });
    expect(await (await cachedMarketPage(get("/market?page=2"), newNonce(), slow))!.text()).toBe("before the change");
    expect((await cachedMarketPage(get("/market?page=2"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("miss");
  });

  it("keeps at most 200 pages, dropping the least recently used, and none older than a minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const render = fakeRender();
      await cachedMarketPage(get("/market"), newNonce(), render);
      for (let p = 2; p <= 201; p++) {
        await cachedMarketPage(get(`/market?page=${p}`), newNonce(), render);
        if (p === 100) await cachedMarketPage(get("/market"), newNonce(), render); // used again: kept
      }
      expect(render).toHaveBeenCalledTimes(201);
      expect((await cachedMarketPage(get("/market"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("hit");
      expect((await cachedMarketPage(get("/market?page=2"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("miss");
      vi.advanceTimersByTime(61_000);
      expect((await cachedMarketPage(get("/market"), newNonce(), render))!.headers.get("x-stagecraft-cache")).toBe("miss");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("changes that show on /market empty the store", () => {
  const stored = async () => (await cachedMarketPage(get("/market"), newNonce(), fakeRender()))!.headers.get("x-stagecraft-cache");

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
