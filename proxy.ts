import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIES } from "@/lib/auth/cookies";

/**
 * Navigation help only: anonymous visitors of private areas are sent to the login page and come
 * back afterwards. Every page, action and route handler still checks the session itself.
 */
export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

// /api is left out on purpose: /api/v1 answers 401 JSON, and /api/uploads must not be buffered.
export const config = {
  matcher: ["/console/:path*", "/workbench/:path*", "/admin/:path*", "/settings/:path*"],
};
