import "server-only";
import { parse as parseCookies } from "cookie";
import { decode, type JWT } from "next-auth/jwt";
import type { User } from "@/db/schema";
import { getUserById } from "@/lib/users/queries";
import { SESSION_COOKIES } from "./cookies";
import { authSecret } from "./secret";

/** The claim in the session JWT that holds when its holder signed in (ms since the epoch). */
export const SIGNED_IN_AT = "signedInAt";

/**
 * The account a decoded session token belongs to, or null when the account is gone or its
 * sessions were ended after this one signed in (sign-out, role change). Every reader of the
 * session cookie asks here: Auth.js's jwt callback and sessionCookieUser() below.
 */
export function sessionUser(token: { sub?: string | null; [claim: string]: unknown } | null | undefined): User | null {
  if (!token?.sub) return null;
  const user = getUserById(token.sub);
  if (!user) return null;
  const signedInAt = typeof token[SIGNED_IN_AT] === "number" ? token[SIGNED_IN_AT] : 0;
  return signedInAt >= user.sessionsValidAfter ? user : null;
}

/** The account of a valid, unexpired session cookie whose sessions have not been ended since. */
export async function sessionCookieUser(cookieHeader: string | null): Promise<User | null> {
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
