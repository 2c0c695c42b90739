import { isSameOrigin } from "@/lib/http/origin";
import { requestKey } from "./guards";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** The /api/v1 routes whose body is a file upload (multipart/form-data) rather than JSON. */
const MULTIPART_ROUTES = [/^\/api\/v1\/applications\/[^/]+\/specs\/import\/?$/];

/**
 * Why a browser write on a session cookie is refused, as an `errors` key, or null when it is allowed.
 * A browser sends the cookie with any form another site (or another port of this host: the same
 * "site" for SameSite=Lax) posts, so a cookie-authenticated write must come from our own pages (the
 * Origin or Sec-Fetch-Site browsers set) and carry a body type no plain HTML form can send: JSON,
 * or multipart for the upload routes (paired with the Origin rule). A write without a body (no
 * Content-Type, Content-Length or chunking: DELETE, POST …/copy) needs no type. Requests with an API key are judged by the key alone: no browser
 * adds one to a forged request.
 */
export function crossSiteCookieWrite(request: Request): "crossSiteWrite" | "jsonContentTypeRequired" | "multipartRequired" | null {
  if (!WRITES.has(request.method.toUpperCase()) || requestKey(request.headers)) return null;
  if (!isSameOrigin(request.headers)) return "crossSiteWrite";
  const { headers } = request;
  const type = headers.get("content-type")?.split(";")[0].trim().toLowerCase() ?? "";
  const sendsBody = type !== "" || Number(headers.get("content-length") ?? 0) > 0 || headers.has("transfer-encoding");
  if (!sendsBody) return null;
  const multipart = MULTIPART_ROUTES.some((route) => route.test(new URL(request.url).pathname));
  if (multipart) return type === "multipart/form-data" ? null : "multipartRequired";
  return type === "application/json" ? null : "jsonContentTypeRequired";
}
