import "server-only";
import { like } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";

/** A registry namespace component (OCI `[a-z0-9]+(-[a-z0-9]+)*`), as handles are stored. */
export const HANDLE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The handle an email suggests: its local part, lowercased, other characters runs turned into "-". */
export function handleBase(email: string): string {
  const local = email.slice(0, Math.max(0, email.indexOf("@"))) || email;
  const base = local.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40).replace(/^-+|-+$/g, "");
  return base || "user";
}

/**
 * A handle nobody has yet: the email's base, else base-2, base-3, …. Called inside sign-up's insert;
 * two sign-ups racing for one handle are settled by the unique index (the loser retries).
 */
export function freeHandle(email: string): string {
  const base = handleBase(email);
  const taken = new Set(
    getDb()
      .select({ handle: users.handle })
      .from(users)
      .where(like(users.handle, `${base}%`))
      .all()
      .map((r) => r.handle),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
