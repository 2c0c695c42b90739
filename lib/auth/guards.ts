import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import type { Role, User } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys/service";
import { getUserById } from "@/lib/users/queries";
import { auth } from "./config";

/** The signed-in account, read fresh from the database (roles may have changed since login). */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const session = await auth();
  const id = session?.user?.id;
  return id ? (getUserById(id) ?? null) : null;
});

/** For pages and server actions: anonymous visitors go to the login page. */
export async function requireUser(): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}

/** Like requireUser, and a signed-in account without the role gets the 403 page. */
export async function requireRole(role: Role): Promise<User> {
  const user = await requireUser();
  if (!user.roles.includes(role)) forbidden();
  return user;
}

/**
 * For route handlers under /api/v1: an API key in `X-Auth-Token` (IoTDA's header) or
 * `Authorization: Bearer`, else the session cookie. A request that sends a key is judged by the
 * key alone, so a revoked key never falls back to a browser session.
 */
export async function authenticateRequest(request: Request): Promise<User | null> {
  const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const key = request.headers.get("x-auth-token")?.trim() || bearer;
  if (key) return authenticateApiKey(key);
  return getCurrentUser();
}
