import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Graph } from "@/lib/catalog/graph";
import { users } from "./users";
import { REVIEW_STATUSES, SPEC_TYPES, SPEC_LOCATIONS, SPEC_STATUSES } from "../enums";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * Operator-managed catalogue of industries, each with its scenarios. Applications store the names
 * (not ids), so an industry an operator later removes still reads back on old applications.
 */
export const industries = sqliteTable("industries", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  /** The English name; null reads as the Chinese one. */
  nameEn: text("name_en"),
  scenarios: text("scenarios", { mode: "json" }).notNull().$type<string[]>(),
  /** English names of the scenarios, by Chinese name; a missing one reads as the Chinese one. */
  scenariosEn: text("scenarios_en", { mode: "json" }).notNull().default(sql`'{}'`).$type<Record<string, string>>(),
  position: integer("position").notNull().default(0),
});

export const applications = sqliteTable(
  "applications",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    industry: text("industry").notNull(),
    scenario: text("scenario").notNull(),
    description: text("description").notNull().default(""),
    reviewStatus: text("review_status", { enum: REVIEW_STATUSES }).notNull().default("none"),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [uniqueIndex("applications_owner_name").on(t.ownerId, t.name)],
);

export const specs = sqliteTable(
  "specs",
  {
    id: text("id").primaryKey(),
    applicationId: text("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    type: text("type", { enum: SPEC_TYPES }).notNull(),
    location: text("location", { enum: SPEC_LOCATIONS }).notNull(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    allowTrial: integer("allow_trial", { mode: "boolean" }).notNull().default(false),
    graph: text("graph", { mode: "json" }).notNull().$type<Graph>(),
    status: text("status", { enum: SPEC_STATUSES }).notNull().default("draft"),
    /** Prices in minor units (cents); both null = free. */
    priceMonthly: integer("price_monthly"),
    priceYearly: integer("price_yearly"),
    currency: text("currency"),
    /** Image references ("name:version") the graph names but the owner has no such version of. */
    unresolvedImages: text("unresolved_images", { mode: "json" }).notNull().$type<string[]>().default(sql`'[]'`),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [uniqueIndex("specs_application_name").on(t.applicationId, t.name), index("specs_application").on(t.applicationId)],
);

export type Industry = typeof industries.$inferSelect;
export type Application = typeof applications.$inferSelect;
export type Spec = typeof specs.$inferSelect;
