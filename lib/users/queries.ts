import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import { getDb, preparedQuery } from "@/db";
import { users, type User } from "@/db/schema";

/** Every signed-in request reads its account: prepared once. */
const userById = preparedQuery((db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare(),
);

export function getUserById(id: string): User | undefined {
  return userById().get({ id });
}

export function getUserByEmail(email: string): User | undefined {
  return getDb().select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

export function countUsers(): number {
  return getDb().select({ n: count() }).from(users).get()!.n;
}

/** Every account, oldest first (the admin command's list; an instance has tens, not thousands). */
export function listUsers(): Pick<User, "email" | "roles" | "createdAt">[] {
  return getDb().select({ email: users.email, roles: users.roles, createdAt: users.createdAt }).from(users).orderBy(asc(users.createdAt), asc(users.email)).all();
}
