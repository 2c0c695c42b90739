import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Graph } from "@/lib/catalog/graph";
import { applications } from "./applications";
import { users } from "./users";
import { MEDIA_KINDS, SUBMISSION_STATUSES, type RejectReason, type SpecLocation, type SpecType } from "../enums";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** An image checked by its bytes; the file is DATA_DIR/media/<id>, never changed once written. */
export const media = sqliteTable("media", {
  id: text("id").primaryKey(),
  ownerId: text("owner_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  kind: text("kind", { enum: MEDIA_KINDS }).notNull(),
  contentType: text("content_type", { enum: ["image/png", "image/jpeg"] }).notNull(),
  size: integer("size").notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
});

/** The material as submitted; a listing copies it on approval. */
export type SubmissionMaterial = { name: string; summary: string; logoId: string; showcaseId: string; introIds: string[] };

export const submissions = sqliteTable(
  "submissions",
  {
    id: text("id").primaryKey(),
    applicationId: text("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    submittedBy: text("submitted_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: SUBMISSION_STATUSES }).notNull().default("pending"),
    material: text("material", { mode: "json" }).$type<SubmissionMaterial>().notNull(),
    specIds: text("spec_ids", { mode: "json" }).$type<string[]>().notNull(),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    reasons: text("reasons", { mode: "json" }).$type<RejectReason[]>().notNull().default(sql`'[]'`),
    comment: text("comment").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    index("submissions_application").on(t.applicationId, t.createdAt),
    index("submissions_status").on(t.status, t.createdAt),
    // At most one pending submission per application, also under concurrent submits.
    uniqueIndex("submissions_one_pending").on(t.applicationId).where(sql`status = 'pending'`),
  ],
);

/**
 * A listed spec as approved: copied at approval, so later edits of the spec neither show to buyers
 * nor change what a purchase deploys (the graph is part of the copy).
 */
export type ListedSpec = {
  id: string;
  name: string;
  type: SpecType;
  location: SpecLocation;
  description: string;
  allowTrial: boolean;
  priceMonthly: number | null;
  priceYearly: number | null;
  currency: string | null;
  graph: Graph;
};

/** What the marketplace shows: one row per published application, replaced by each new approval. */
export const listings = sqliteTable(
  "listings",
  {
    id: text("id").primaryKey(),
    applicationId: text("application_id")
      .notNull()
      .unique()
      .references(() => applications.id, { onDelete: "restrict" }),
    submissionId: text("submission_id")
      .notNull()
      .references(() => submissions.id),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    summary: text("summary").notNull(),
    description: text("description").notNull(),
    industry: text("industry").notNull(),
    scenario: text("scenario").notNull(),
    logoId: text("logo_id").notNull(),
    showcaseId: text("showcase_id").notNull(),
    introIds: text("intro_ids", { mode: "json" }).$type<string[]>().notNull(),
    specs: text("specs", { mode: "json" }).$type<ListedSpec[]>().notNull(),
    /** Denormalised for the filter: some listed spec allows a 7-day trial. */
    hasTrial: integer("has_trial", { mode: "boolean" }).notNull(),
    /** Listed experience specs, for the free-experience tag (a running experience instance of one). */
    experienceSpecIds: text("experience_spec_ids", { mode: "json" }).$type<string[]>().notNull(),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [index("listings_industry").on(t.industry, t.scenario), index("listings_published").on(t.publishedAt)],
);

export type Media = typeof media.$inferSelect;
export type Submission = typeof submissions.$inferSelect;
export type Listing = typeof listings.$inferSelect;
