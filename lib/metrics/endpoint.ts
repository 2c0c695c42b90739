import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { metricsToken } from "@/lib/env";
import { registry } from "./instruments.mjs";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Whether `Authorization` is `Bearer <token>`, compared in constant time (both sides hashed to one length). */
function bearerMatches(authorization: string | null, token: string): boolean {
  const presented = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return !!presented && timingSafeEqual(digest(presented), digest(token));
}

/**
 * GET /metrics in Prometheus' text format: 404 while METRICS_TOKEN is unset (the endpoint does not
 * exist), 401 without `Authorization: Bearer <METRICS_TOKEN>`. Gauges that read the database
 * (lib/state-gauges.ts) run their queries now, as the scrape asks.
 */
export async function metricsResponse(request: Request): Promise<Response> {
  const token = metricsToken();
  if (!token) return new Response("Not Found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (!bearerMatches(request.headers.get("authorization"), token)) {
    return new Response("Unauthorized\n", { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8", "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  const body = await registry.metrics();
  return new Response(body, { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
}
