import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import type { Role, User } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys/service";
import { log, setRequestUser } from "@/lib/log/logger.mjs";
import { getUserById } from "@/lib/users/queries";
import { clientAddress } from "./client-address";
import { auth } from "./config";
import { sessionCookieUser } from "./sessions";

/** The signed-in account, read fresh from the database (roles may have changed since login). */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const id = (await auth())?.user?.id;
  const user = id ? (getUserById(id) ?? null) : null;
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
