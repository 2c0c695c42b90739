import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIES } from "@/lib/auth/cookies";
import { cachedMarketPage } from "@/lib/marketplace/market-cache";

/**
 * Navigation help only: anonymous visitors of private areas are sent to the login page and come
 * back afterwards. Every page, action and route handler still checks the session itself.
 * Anonymous page loads of /market are answered from the marketplace's page store (market-cache.ts).
 */
export async function proxy(request: NextRequest) {
  // The marketplace is public, whatever the store answers.
  if (request.nextUrl.pathname === "/market") return (await cachedMarketPage(request)) ?? NextResponse.next();
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

// /api is left out on purpose: /api/v1 answers 401 JSON, and /api/uploads must not be buffered.
export const config = {
  matcher: ["/console/:path*", "/workbench/:path*", "/admin/:path*", "/settings/:path*", "/market"],
};
