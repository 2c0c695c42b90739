import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Role } from "../enums";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  /** Stored lowercased; unique. */
  email: text("email").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  /**
   * The account's namespace in image references (`host/{handle}/{image}:{version}`): lowercase
   * letters, digits and single "-", derived from the email at sign-up, unique.
   */
  handle: text("handle").unique(),
  roles: text("roles", { mode: "json" }).$type<Role[]>().notNull(),
  /**
   * Sessions signed in before this instant (ms since the epoch) are refused: signing out, a role
   * change or a password change moves it to now. 0: every unexpired session is good.
   */
  sessionsValidAfter: integer("sessions_valid_after").notNull().default(0),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
});

export type User = typeof users.$inferSelect;
