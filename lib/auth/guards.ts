import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import type { Role, User } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys/service";
import { log, setRequestUser } from "@/lib/log/logger.mjs";
import { parse as parseCookies } from "cookie";
import { decode, type JWT } from "next-auth/jwt";
import { clientAddress } from "./client-address";
import { SESSION_COOKIES } from "./cookies";
import { authSecret } from "./secret";
import { sessionUser } from "./sessions";

/**
 * The signed-in account, read fresh from the database (roles may have changed since login). Reads
 * the session cookie directly, as route handlers do: Auth.js's `auth()` would also encrypt a
 * refreshed token on every render, which a server component cannot set anyway.
 */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const user = await sessionCookieUser((await headers()).get("cookie"));
  if (user) setRequestUser(user.id);
  return user;
});

/**
 * For pages and server actions: anonymous visitors go to the login page, and come back to
 * `returnTo` (a path of this site) after signing in.
 */
export async function requireUser(returnTo?: string): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect(returnTo ? `/login?callbackUrl=${encodeURIComponent(returnTo)}` : "/login");
  return user;
}

/** Like requireUser, and a signed-in account without the role gets the 403 page. */
export async function requireRole(role: Role, returnTo?: string): Promise<User> {
  const user = await requireUser(returnTo);
  if (!user.roles.includes(role)) forbidden();
  return user;
}

/** The key a request sends in `X-Auth-Token` (IoTDA's header) or `Authorization: Bearer`. */
export function requestKey(headers: Headers): string | undefined {
  const bearer = headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return headers.get("x-auth-token")?.trim() || bearer;
}

/**
 * For route handlers (/api/v1, /api/uploads): an API key in `X-Auth-Token` (IoTDA's header) or
 * `Authorization: Bearer`, else the session cookie. A request that sends a key is judged by the
 * key alone, so a revoked key never falls back to a browser session. Works on bare headers, so the
 * tus server's hooks use it too.
 */
export async function authenticateRequest(request: { headers: Headers }): Promise<User | null> {
  const { headers } = request;
  const key = requestKey(headers);
  const user = key ? authenticateApiKey(key) : await sessionCookieUser(headers.get("cookie"));
  if (user) setRequestUser(user.id);
  else if (key) log.warn({ event: "auth.api-key.rejected", address: clientAddress(headers) }, "API key rejected");
  return user;
}

/** The account of a valid, unexpired session cookie whose sessions have not been ended since. */
async function sessionCookieUser(cookieHeader: string | null): Promise<User | null> {
  if (!cookieHeader) return null;
  const cookies = parseCookies(cookieHeader);
  for (const name of SESSION_COOKIES) {
    const token = cookies[name];
    if (!token) continue;
    try {
      const payload = await decodeSession(name, token);
      if (payload?.sub) return sessionUser(payload);
    } catch {
      // tampered, expired or signed with another secret: not a session
    }
  }
  return null;
}

/**
 * Session tokens already decoded, until they expire: a browser sends the same token with every
 * request, and decoding derives a key (HKDF) and decrypts each time. Only what the token says is
 * kept; whether its sessions were ended since is still read from the account each time.
 */
const decoded = new Map<string, JWT>();
const MAX_DECODED = 1000;

async function decodeSession(name: string, token: string): Promise<JWT | null> {
  const key = `${name}=${token}`;
  const known = decoded.get(key);
  if (known && typeof known.exp === "number" && known.exp * 1000 > Date.now()) return known;
  decoded.delete(key);
  const payload = await decode({ token, secret: authSecret(), salt: name });
  if (payload && typeof payload.exp === "number") {
    decoded.set(key, payload);
    if (decoded.size > MAX_DECODED) decoded.delete(decoded.keys().next().value!);
  }
  return payload;
}
