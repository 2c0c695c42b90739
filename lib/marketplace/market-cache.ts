// The public marketplace page as anonymous visitors get it, kept as finished HTML per locale and
// filter URL. Rendering /market costs ≥ 10 ms of CPU (mostly the shell every page has: layout,
// header, 40 KB of messages in the RSC payload; the query is a few per cent), so 32 visitors at once
// queue to p99 ≥ 500 ms; a stored page is answered at about half a static file's rate. Used by
// proxy.ts, filled by one ordinary render (a request to this server), emptied by marketChanged().
// Deliberately free of next/* and the database: the proxy, the pages and the background worker each
// bundle their own copy of this module, so the store itself lives on globalThis, shared in the process.
import { parse as parseCookies } from "cookie";
import { SESSION_COOKIES } from "@/lib/auth/cookies";
import { nonceOf, swapNonce } from "@/lib/http/csp";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";
import { listHref } from "@/lib/list-url";
import { marketQuerySchema } from "@/lib/reviews/schema";

const MAX_ENTRIES = 200;
/** A safety net only: every change that shows on /market calls marketChanged(). */
const TTL_MS = 60_000;
/** Marks the render that fills the store, so the proxy lets it through to the page. */
export const FILL_HEADER = "x-stagecraft-market-fill";
/** Client-side navigations and server actions carry these; they are answered by the page itself. */
const ROUTER_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action", FILL_HEADER];
/** Crawlers get metadata in <head> from Next (a different HTML), so they are rendered each time. */
const BOT = /bot|crawl|spider|slurp|preview|facebookexternalhit/i;
const KEPT_HEADERS = ["content-type", "cache-control", "vary", "link"];

/** `nonce`: the one the page was rendered with; every answer swaps it for the answer's own. */
type Entry = { body: Uint8Array<ArrayBuffer>; nonce: string; headers: [string, string][]; storedAt: number };
/** `pausedUntil`: after the server could not be reached, pages are rendered as usual for a while. */
type Store = { entries: Map<string, Entry>; filling: Map<string, Promise<Entry | null>>; generation: number; pausedUntil: number };
const STORE = Symbol.for("stagecraft.marketCache");
const globals = globalThis as typeof globalThis & { [STORE]?: Store };
const store = (): Store => (globals[STORE] ??= { entries: new Map(), filling: new Map(), generation: 0, pausedUntil: 0 });

/**
 * Forget every stored marketplace page. Call after anything /market shows changes: a listing
 * published, replaced or withdrawn, an industry or scenario changed, and an experience instance of a
 * listed spec starting or stopping (the "免费体验" tag).
 */
export function marketChanged(): void {
  const s = store();
  s.generation++;
  s.entries.clear();
  s.filling.clear();
  s.pausedUntil = 0;
}

/**
 * The store key of a request, or null when it must be rendered for itself: not a plain page load,
 * a signed-in visitor (the header shows the account), a crawler, or a URL that is not the canonical
 * one the page's own links use (so the stored HTML, which carries its URL, matches what was asked).
 */
export function marketCacheKey(request: Request): string | null {
  const url = new URL(request.url);
  if (request.method !== "GET" || url.pathname !== "/market") return null;
  if (ROUTER_HEADERS.some((h) => request.headers.has(h))) return null;
  if (BOT.test(request.headers.get("user-agent") ?? "")) return null;
  const cookies = parseCookies(request.headers.get("cookie") ?? "");
  if (SESSION_COOKIES.some((name) => cookies[name] !== undefined)) return null;
  const raw = `${url.pathname}${url.search ? `?${new URLSearchParams(url.search)}` : ""}`;
  // The bare page (most visits) is canonical as it is; zod's fallbacks are not free at this rate.
  const canonical = url.search ? listHref("/market", marketQuerySchema.parse(Object.fromEntries(url.searchParams))) : raw;
  if (raw !== canonical) return null;
  return `${toLocale(cookies[LOCALE_COOKIE])} ${canonical}`;
}

export type Render = (path: string, locale: string) => Promise<Response>;

/** The page rendered by this very server, as an anonymous visitor in that locale would get it. */
const renderHere: Render = (path, locale) => {
  const origin = process.env.__NEXT_PRIVATE_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  return fetch(new URL(path, origin), { headers: { [FILL_HEADER]: "1", cookie: `${LOCALE_COOKIE}=${locale}` }, redirect: "manual" });
};

async function fill(key: string, render: Render): Promise<Entry | null> {
  const s = store();
  const generation = s.generation;
  const [locale, path] = key.split(" ");
  try {
    const response = await render(path, locale);
    // Without the nonce its scripts carry, a stored page could not be answered under a fresh one.
    const nonce = nonceOf(response.headers.get("content-security-policy"));
    if (response.status !== 200 || response.headers.has("set-cookie") || !nonce) return null;
    const headers = KEPT_HEADERS.flatMap((h): [string, string][] => (response.headers.has(h) ? [[h, response.headers.get(h)!]] : []));
    const entry = { body: new Uint8Array(await response.arrayBuffer()), nonce, headers, storedAt: Date.now() };
    // A change while this render ran may not be in it: serve it to the requests that waited, keep it not.
    if (s.generation === generation) {
      s.entries.set(key, entry);
      if (s.entries.size > MAX_ENTRIES) s.entries.delete(s.entries.keys().next().value!);
    }
    return entry;
  } catch {
    // Unreachable (an unusual listen address): do not make every visitor wait for a failing request first.
    s.pausedUntil = Date.now() + TTL_MS;
    return null;
  }
}

/**
 * The stored page for this request, rendering it once when missing (concurrent requests for the
 * same key wait for that one render); null when the request is not served from the store or the
 * render failed, and the page should answer it as usual.
 * The page's scripts carry the nonce of the render that filled the store; each answer replaces it
 * with `nonce`, the one of this answer's Content-Security-Policy (set by the proxy). A nonce shared
 * by every visitor would be known to anyone who loads the page, and a policy naming the stored nonce
 * would let any markup that slipped into a listing carry it.
 */
export async function cachedMarketPage(request: Request, nonce: string, render: Render = renderHere): Promise<Response | null> {
  const key = marketCacheKey(request);
  const s = store();
  if (!key || Date.now() < s.pausedUntil) return null;
  let entry = s.entries.get(key);
  let state = "hit";
  if (entry && Date.now() - entry.storedAt > TTL_MS) {
    s.entries.delete(key);
    entry = undefined;
  }
  if (entry) {
    // Most recently used last, so the oldest-used is the first dropped.
    s.entries.delete(key);
    s.entries.set(key, entry);
  } else {
    state = "miss";
    let pending = s.filling.get(key);
    if (!pending) {
      const started = fill(key, render).finally(() => {
        if (s.filling.get(key) === started) s.filling.delete(key);
      });
      s.filling.set(key, (pending = started));
    }
    const filled = await pending;
    if (!filled) return null;
    entry = filled;
  }
  // The Link header preloads with the nonce too.
  const headers = entry.headers.map(([name, value]): [string, string] => [name, value.replaceAll(entry.nonce, nonce)]);
  return new Response(swapNonce(entry.body, entry.nonce, nonce), { status: 200, headers: [...headers, ["x-stagecraft-cache", state]] });
}
