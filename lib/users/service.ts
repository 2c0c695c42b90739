import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, isUniqueViolation } from "@/db";
import { eq } from "drizzle-orm";
import { users, type Role, type User } from "@/db/schema";
import { hashPassword } from "@/lib/secrets/password";
import { ConflictError, NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { createUserSchema, passwordSchema, type CreateUserInput } from "./schema";
import { freeHandle } from "./handle";
import { getUserByEmail } from "./queries";
import { emit } from "@/lib/events";

/** Creates an account; the email must be new. Used by sign-up, the admin command and seeding. */
export async function createUser(input: CreateUserInput): Promise<User> {
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalidInput", zodFieldErrors(parsed.error));
  const { email, password, roles } = parsed.data;
  if (getUserByEmail(email)) throw new ConflictError("emailTaken", { email: ["emailTaken"] });
  const passwordHash = await hashPassword(password);
  for (let attempt = 0; ; attempt++) {
    try {
      return getDb()
        .insert(users)
        .values({ id: randomUUID(), email, handle: freeHandle(email), passwordHash, roles: [...new Set(roles)] })
        .returning()
        .get();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Two sign-ups with one email racing past the check above: the unique index decides. Two
      // different emails racing for one handle: the loser picks the next free handle.
      if (getUserByEmail(email) || attempt >= 3) throw new ConflictError("emailTaken", { email: ["emailTaken"] });
    }
  }
}

/** Ends every session of the account signed in before now (sign-out, role or password change). */
export function endSessions(userId: string, now = Date.now()): void {
  getDb().update(users).set({ sessionsValidAfter: now }).where(eq(users.id, userId)).run();
  emit("sessions.ended", { userId });
}

/** Gives the account exactly these roles; its sessions end, so no page keeps acting on the old ones. */
export function setUserRoles(userId: string, roles: Role[], now = Date.now()): User {
  const parsed = createUserSchema.shape.roles.safeParse(roles);
  if (!parsed.success) throw new ValidationError("invalidInput", { roles: parsed.error.issues.map((i) => i.message) });
  const user = getDb()
    .update(users)
    .set({ roles: [...new Set(parsed.data)], sessionsValidAfter: now })
    .where(eq(users.id, userId))
    .returning()
    .get();
  if (!user) throw new NotFoundError("userNotFound");
  emit("sessions.ended", { userId });
  return user;
}

/**
 * Sets a new password (an operator's recovery from the shell); checked by the sign-up rules, and
 * every session of the account ends, so whoever knew the old password is signed out.
 */
export async function resetPassword(userId: string, password: string, now = Date.now()): Promise<User> {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw new ValidationError("invalidInput", { password: parsed.error.issues.map((i) => i.message) });
  const passwordHash = await hashPassword(parsed.data);
  const user = getDb().update(users).set({ passwordHash, sessionsValidAfter: now }).where(eq(users.id, userId)).returning().get();
  if (!user) throw new NotFoundError("userNotFound");
  emit("sessions.ended", { userId });
  return user;
}
