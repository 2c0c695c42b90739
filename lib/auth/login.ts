import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { User } from "@/db/schema";
import { RateLimitedError } from "@/lib/errors";
import { log } from "@/lib/log/logger.mjs";
import { loginSchema } from "@/lib/users/schema";
import { getUserByEmail } from "@/lib/users/queries";
import { decoyHash, verifyPassword } from "@/lib/secrets/password";

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failures one address may make against one account, and against all accounts, per window. */
export const LOGIN_MAX_FAILURES = 10;
export const ADDRESS_MAX_FAILURES = 30;
/** An account's failures from all addresses together: a short window that slows, never locks out for long. */
export const ACCOUNT_MAX_FAILURES = 10;
export const ACCOUNT_WINDOW_MS = 60 * 1000;

type Limits = { pair: RateLimiterMemory; address: RateLimiterMemory; account: RateLimiterMemory };

// One set per process, kept on globalThis: Next may load this module in more than one bundle.
const limits = ((globalThis as { [key: symbol]: Limits })[Symbol.for("stagecraft.login-limits")] ??= {
  pair: new RateLimiterMemory({ keyPrefix: "login-pair", points: LOGIN_MAX_FAILURES, duration: LOGIN_WINDOW_MS / 1000 }),
  address: new RateLimiterMemory({ keyPrefix: "login-address", points: ADDRESS_MAX_FAILURES, duration: LOGIN_WINDOW_MS / 1000 }),
  account: new RateLimiterMemory({ keyPrefix: "login-account", points: ACCOUNT_MAX_FAILURES, duration: ACCOUNT_WINDOW_MS / 1000 }),
});

async function spent(limiter: RateLimiterMemory, key: string): Promise<boolean> {
  const res = await limiter.get(key);
  // A window that has ended may linger until its timer removes it.
  return !!res && res.msBeforeNext > 0 && res.consumedPoints >= limiter.points;
}

function refused(reason: "tooManyLogins" | "loginSlowedDown", address: string): RateLimitedError {
  log.warn({ event: "login.limited", address, reason }, "login refused: too many failures");
  return new RateLimitedError(reason);
}

/**
 * Checks an email and password. Failed attempts are limited per (account, address) and per
 * address for 15 minutes (`tooManyLogins`), so a guesser is locked out while the owner, from their
 * own address, is not. An account's failures from all addresses together are limited per minute
 * (`loginSlowedDown`): a flood from many addresses slows its owner down for at most a minute at a
 * time. Every attempt past a limit is refused, right or wrong. Returns null for any wrong email
 * or password alike. `address` comes from clientAddress() (lib/auth/client-address.ts).
 */
export async function verifyLogin(credentials: { email?: unknown; password?: unknown }, address: string): Promise<User | null> {
  const parsed = loginSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const pairKey = `${email} ${address}`;

  if ((await spent(limits.pair, pairKey)) || (await spent(limits.address, address))) throw refused("tooManyLogins", address);
  if (await spent(limits.account, email)) throw refused("loginSlowedDown", address);

  const user = getUserByEmail(email);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (user && ok) {
    await limits.pair.delete(pairKey);
    return user;
  }
  // The account's id when the email names one, never the typed email (a password typed into the
  // wrong field would land in the log) nor the password.
  log.warn({ event: "login.failed", address, userId: user?.id ?? null }, "login failed");
  await Promise.all([
    limits.pair.penalty(pairKey),
    limits.address.penalty(address),
    limits.account.penalty(email),
  ]);
  return null;
}
