import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** Requests a minute one credential may make when API_RATE_LIMIT is not set. */
export const DEFAULT_API_RATE_LIMIT = 600;

/** Where one request stands against its credential's budget, and the headers that say so. */
export type ApiQuota = { allowed: boolean; headers: Record<string, string> };

type Store = { points: number; limiter: RateLimiterMemory };
const STORE = Symbol.for("stagecraft.api-limits");

// One counter per process on globalThis (Next may load this module in more than one bundle);
// rebuilt when API_RATE_LIMIT changes, so a test can set a small limit.
function store(): Store {
  const points = Number.parseInt(process.env.API_RATE_LIMIT ?? "", 10) || DEFAULT_API_RATE_LIMIT;
  const global = globalThis as { [STORE]?: Store };
  if (global[STORE]?.points !== points) global[STORE] = { points, limiter: new RateLimiterMemory({ keyPrefix: "api", points, duration: 60 }) };
  return global[STORE]!;
}

/**
 * Counts one request against a credential (an API key, an app key or a pull token; `kind` keeps
 * them apart), `API_RATE_LIMIT` a minute. Only a hash of the secret is kept. `X-RateLimit-Reset` is
 * the seconds until the window ends; a refusal adds `Retry-After`.
 */
export async function takeApiRequest(kind: string, secret: string): Promise<ApiQuota> {
  const { points, limiter } = store();
  const key = `${kind}:${createHash("sha256").update(secret).digest("base64url")}`;
  let res: RateLimiterRes;
  let allowed = true;
  try {
    res = await limiter.consume(key);
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    res = refusal;
    allowed = false;
  }
  const reset = String(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(points),
    "X-RateLimit-Remaining": String(res.remainingPoints),
    "X-RateLimit-Reset": reset,
  };
  if (!allowed) headers["Retry-After"] = reset;
  return { allowed, headers };
}

/** The response with the quota's headers added (a copy when its headers cannot change). */
export function withQuotaHeaders(response: Response, quota: ApiQuota): Response {
  try {
    for (const [name, value] of Object.entries(quota.headers)) response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const [name, value] of Object.entries(quota.headers)) copy.headers.set(name, value);
    return copy;
  }
}

/**
 * Runs `work` within the budget of the credential a request presents (none: not counted), and
 * adds the quota's headers to its answer; past the budget, `refuse()` answers in the surface's own
 * error shape instead.
 */
export async function withinRateLimit(
  kind: string,
  secret: string | undefined | null,
  refuse: () => Response,
  work: () => Promise<Response> | Response,
): Promise<Response> {
  if (!secret) return work();
  const quota = await takeApiRequest(kind, secret);
  return withQuotaHeaders(quota.allowed ? await work() : refuse(), quota);
}
