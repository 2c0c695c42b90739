import "server-only";
import { and, count, eq, gte, lt } from "drizzle-orm";
import { getDb } from "@/db";
import { loginFailures, type User } from "@/db/schema";
import { RateLimitedError } from "@/lib/errors";
import { loginSchema } from "@/lib/users/schema";
import { getUserByEmail } from "@/lib/users/queries";
import { decoyHash, verifyPassword } from "@/lib/secrets/password";

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_MAX_FAILURES = 10;

/**
 * Checks an email and password. Failed attempts are limited per account and per client address
 * (10 in 15 minutes each); once either limit is reached every attempt is refused, right or wrong,
 * until the window has passed. Returns null for any wrong email or password alike.
 */
export async function verifyLogin(
  credentials: { email?: unknown; password?: unknown },
  address: string,
  now = Date.now(),
): Promise<User | null> {
  const parsed = loginSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const keys = [`email:${email}`, `ip:${address}`];
  const db = getDb();

  const since = now - LOGIN_WINDOW_MS;
  for (const key of keys) {
    const { failures } = db
      .select({ failures: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.key, key), gte(loginFailures.at, since)))
      .get()!;
    if (failures >= LOGIN_MAX_FAILURES) throw new RateLimitedError("tooManyLogins");
  }

  const user = getUserByEmail(email);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (user && ok) {
    db.delete(loginFailures).where(eq(loginFailures.key, keys[0])).run();
    return user;
  }
  db.transaction((tx) => {
    tx.delete(loginFailures).where(lt(loginFailures.at, since)).run();
    tx.insert(loginFailures).values(keys.map((key) => ({ key, at: now }))).run();
  });
  return null;
}
