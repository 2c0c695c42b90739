// Public pages kept as finished HTML: /market for every visitor, /login and /signup for anonymous
// ones, per locale, canonical URL and viewer. A page render costs 8–16 ms of CPU here even with
// the shell trimmed (Next's RSC render and HTML render of the payload, the proxy, the header), so 32
// visitors at once queue to p99 ≥ 500 ms; a stored page is answered at about a fifth of a static
// file's rate (figures: docs/scaling.md). Used by proxy.ts, filled by one ordinary render (a request
// to this server), emptied by forgetPages() when what the pages show changes.
// A signed-in visitor's /market is stored under its own session token (hashed), rendered with that
// token, so the header shows that account; forgetSignedInPages() drops those when sessions end.
// Deliberately free of next/* and the database: the proxy, the pages and the background worker each
// bundle their own copy of this module, so the store itself lives on globalThis, shared in the process.
import { createHash } from "node:crypto";
import { parse as parseCookies } from "cookie";
import { SESSION_COOKIES } from "@/lib/auth/cookies";
import { ROUTER_REQUEST_HEADER } from "@/lib/cli/router-request.mjs";
import { nonceOf, swapNonce } from "@/lib/http/csp";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";
import { listHref } from "@/lib/list-url";
import { marketQuerySchema } from "@/lib/reviews/schema";

const MAX_ENTRIES = 500;
/** A safety net only: every change that shows on these pages calls forgetPages(). */
const TTL_MS = 60_000;
/**
 * A signed-in visitor's page lives shorter: a role change or password reset made by `npm run admin`
 * (another process) cannot reach this store, and the header shows the roles' menus.
 */
const SIGNED_IN_TTL_MS = 15_000;
/** Marks the render that fills the store, so the proxy lets it through to the page. */
export const FILL_HEADER = "x-stagecraft-page-fill";
/** Client-side navigations and server actions carry these; they are answered by the page itself. */
const ROUTER_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action", FILL_HEADER];

/** Crawlers get metadata in <head> from Next (a different HTML), so they are rendered each time. */
const BOT = /bot|crawl|spider|slurp|preview|facebookexternalhit/i;
const KEPT_HEADERS = ["content-type", "cache-control", "vary", "link"];

/** `nonce`: the one the page was rendered with; every answer swaps it for the answer's own. */
type Entry = { body: Uint8Array<ArrayBuffer>; nonce: string; headers: [string, string][]; storedAt: number; signedIn: boolean };
/** `pausedUntil`: after the server could not be reached, pages are rendered as usual for a while. */
type Store = { entries: Map<string, Entry>; filling: Map<string, Promise<Entry | null>>; generation: number; pausedUntil: number };
const STORE = Symbol.for("stagecraft.pageStore");
const globals = globalThis as typeof globalThis & { [STORE]?: Store };
const store = (): Store => (globals[STORE] ??= { entries: new Map(), filling: new Map(), generation: 0, pausedUntil: 0 });

/**
 * Forget every stored page. Call after anything they show changes: a listing published, replaced
 * or withdrawn, an industry or scenario changed, and an experience instance of a listed spec
 * starting or stopping (the "免费体验" tag).
 */
export function forgetPages(): void {
  const s = store();
  s.generation++;
  s.entries.clear();
  s.filling.clear();
  s.pausedUntil = 0;
}

/** Forget the pages stored for signed-in visitors (an account's sessions ended in this process). */
export function forgetSignedInPages(): void {
  const s = store();
  s.generation++;
  s.filling.clear();
  for (const [key, entry] of s.entries) if (entry.signedIn) s.entries.delete(key);
}

/**
 * The pages kept, and each one's canonical URL: the one the site's own links use. A request for
 * another spelling is rendered as asked, so the stored HTML, which carries its URL, matches it.
 */
const PAGES: Record<string, { signedIn: boolean; canonical: (url: URL) => string | null }> = {
  // The bare page (most visits) is canonical as it is; zod's fallbacks are not free at this rate.
  "/market": { signedIn: true, canonical: (url) => (url.search ? listHref("/market", marketQuerySchema.parse(Object.fromEntries(url.searchParams))) : "/market") },
  "/login": { signedIn: false, canonical: (url) => onlyCallbackUrl(url) },
  "/signup": { signedIn: false, canonical: (url) => (url.search ? null : "/signup") },
};

/** `/login` or `/login?callbackUrl=…`: the one parameter the page reads, once. */
function onlyCallbackUrl(url: URL): string | null {
  const names = [...url.searchParams.keys()];
  if (names.length === 0) return url.pathname;
  return names.length === 1 && names[0] === "callbackUrl" ? `${url.pathname}?${new URLSearchParams({ callbackUrl: url.searchParams.get("callbackUrl")! })}` : null;
}

/** Who a page is stored for: `-` for anonymous visitors, else a hash of the session token and the cookie that carries it. */
function viewerOf(cookies: Record<string, string | undefined>): { tag: string; cookie?: string } {
  for (const name of SESSION_COOKIES) {
    const token = cookies[name];
    if (token !== undefined) return { tag: createHash("sha256").update(`${name}=${token}`).digest("base64url"), cookie: `${name}=${token}` };
  }
  return { tag: "-" };
}

/**
 * The store key of a request and the session cookie its render needs, or null when it must be
 * rendered for itself: not a plain page load of a kept page, a signed-in visitor of a page kept for
 * anonymous ones only, a crawler, or not the canonical URL.
 */
function pageRequest(request: Request): { key: string; session?: string } | null {
  const url = new URL(request.url);
  const page = PAGES[url.pathname];
  if (!page || request.method !== "GET") return null;
  if (ROUTER_HEADERS.some((h) => request.headers.has(h)) || request.headers.get(ROUTER_REQUEST_HEADER) === "1") return null;
  if (BOT.test(request.headers.get("user-agent") ?? "")) return null;
  const cookies = parseCookies(request.headers.get("cookie") ?? "");
  const viewer = viewerOf(cookies);
  if (viewer.cookie && !page.signedIn) return null;
  const raw = `${url.pathname}${url.search ? `?${new URLSearchParams(url.search)}` : ""}`;
  if (raw !== page.canonical(url)) return null;
  return { key: `${toLocale(cookies[LOCALE_COOKIE])} ${viewer.tag} ${raw}`, session: viewer.cookie };
}

/** The store key of a request (locale, viewer, canonical URL), or null when it is rendered for itself. */
export function pageStoreKey(request: Request): string | null {
  return pageRequest(request)?.key ?? null;
}

/** Renders `path` in `locale` as the visitor with this `session` cookie (none: anonymous) would get it. */
export type Render = (path: string, locale: string, session?: string) => Promise<Response>;

/** The page rendered by this very server. */
const renderHere: Render = (path, locale, session) => {
  const origin = process.env.__NEXT_PRIVATE_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const cookie = [`${LOCALE_COOKIE}=${locale}`, ...(session ? [session] : [])].join("; ");
  return fetch(new URL(path, origin), { headers: { [FILL_HEADER]: "1", cookie }, redirect: "manual" });
};

async function fill(key: string, session: string | undefined, render: Render): Promise<Entry | null> {
  const s = store();
  const generation = s.generation;
  const [locale, , path] = key.split(" ");
  try {
    const response = await render(path!, locale!, session);
    // Without the nonce its scripts carry, a stored page could not be answered under a fresh one.
    const nonce = nonceOf(response.headers.get("content-security-policy"));
    if (response.status !== 200 || response.headers.has("set-cookie") || !nonce) return null;
    const headers = KEPT_HEADERS.flatMap((h): [string, string][] => (response.headers.has(h) ? [[h, response.headers.get(h)!]] : []));
    const entry = { body: new Uint8Array(await response.arrayBuffer()), nonce, headers, storedAt: Date.now(), signedIn: session !== undefined };
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
export async function storedPage(request: Request, nonce: string, render: Render = renderHere): Promise<Response | null> {
  const asked = pageRequest(request);
  const s = store();
  if (!asked || Date.now() < s.pausedUntil) return null;
  const { key, session } = asked;
  let entry = s.entries.get(key);
  let state = "hit";
  if (entry && Date.now() - entry.storedAt > (entry.signedIn ? SIGNED_IN_TTL_MS : TTL_MS)) {
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
      const started = fill(key, session, render).finally(() => {
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
