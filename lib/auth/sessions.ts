import "server-only";
import type { User } from "@/db/schema";
import { getUserById } from "@/lib/users/queries";

/** The claim in the session JWT that holds when its holder signed in (ms since the epoch). */
export const SIGNED_IN_AT = "signedInAt";

/**
 * The account a decoded session token belongs to, or null when the account is gone or its
 * sessions were ended after this one signed in (sign-out, role change). Every reader of the
 * session cookie asks here: Auth.js's jwt callback and the route handlers' direct decode.
 */
export function sessionUser(token: { sub?: string | null; [claim: string]: unknown } | null | undefined): User | null {
  if (!token?.sub) return null;
  const user = getUserById(token.sub);
  if (!user) return null;
  const signedInAt = typeof token[SIGNED_IN_AT] === "number" ? token[SIGNED_IN_AT] : 0;
  return signedInAt >= user.sessionsValidAfter ? user : null;
}
