import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIES } from "@/lib/auth/cookies";
import { newNonce, pageCsp } from "@/lib/http/csp";
import { foreignServerAction } from "@/lib/http/foreign-action";
import { storedPage } from "@/lib/page-store";

const PRIVATE_AREAS = ["/console", "/workbench", "/admin", "/settings"];

/**
 * Every page answer gets a Content-Security-Policy with a fresh nonce, which Next reads from the
 * request's CSP header and puts on its scripts (lib/http/csp.ts). Server actions from another
 * website get a 403 (lib/http/foreign-action.ts).
 * Otherwise navigation help only: anonymous visitors of private areas are sent to the login page and
 * come back afterwards. Every page, action and route handler still checks the session itself.
 * Page loads of /market, and anonymous ones of /login and /signup, are answered from the page store
 * (lib/page-store.ts) when it holds them.
 */
export async function proxy(request: NextRequest) {
  const foreign = foreignServerAction(request);
  if (foreign) return foreign;
  const nonce = newNonce();
  const csp = pageCsp(nonce);
  const response = await route(request, nonce, csp);
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

async function route(request: NextRequest, nonce: string, csp: string): Promise<Response> {
  const { pathname, search } = request.nextUrl;
  // Public pages: whatever the store answers, nothing more to check here.
  const stored = await storedPage(request, nonce);
  if (stored) return stored;
  if (PRIVATE_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`))) {
    if (!SESSION_COOKIES.some((name) => request.cookies.has(name))) {
      const login = new URL("/login", request.url);
      login.searchParams.set("callbackUrl", pathname + search);
      return NextResponse.redirect(login);
    }
  }
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  return NextResponse.next({ request: { headers } });
}

// Every page, not /api, /v2, /v5 and /metrics: /api/v1 and /v5 answer 401 JSON, not a redirect, the
// proxy buffers request bodies, which would truncate a tus upload to /api/uploads, and /metrics is
// no page (lib/cli/server.mjs gives those answers the headers that do not need a nonce).
export const config = {
  // The files of public/ are not pages: no session check, no CSP nonce, no page store.
  matcher: ["/((?!api|v2|v5|metrics|_next/static|_next/image|favicon.ico|robots.txt|manifest.webmanifest|apple-touch-icon.png|icons/).*)"],
};
