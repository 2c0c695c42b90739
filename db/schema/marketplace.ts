import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { deployments } from "./deployments";
import { devices } from "./devices";
import { listings, type ListedSpec } from "./reviews";
import { users } from "./users";
import { MY_APP_KINDS, MY_APP_STATUSES, ORDER_TERMS, ORDER_STATUSES } from "../enums";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * 我的IoT应用: a buyer's trial or purchase of a listing. The listed spec is copied in when the
 * record is made, so a later approval of changed material does not change what this app deploys.
 */
export const myApps = sqliteTable(
  "my_apps",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listingId: text("listing_id")
      .notNull()
      .references(() => listings.id),
    kind: text("kind", { enum: MY_APP_KINDS }).notNull(),
    name: text("name").notNull(),
    spec: text("spec", { mode: "json" }).$type<ListedSpec>().notNull(),
    status: text("status", { enum: MY_APP_STATUSES }).notNull().default("active"),
    /** The current (or last) installation; a new deploy after an uninstall replaces it. */
    deploymentId: text("deployment_id").references(() => deployments.id, { onDelete: "set null" }),
    /** Trials: when the first installation started (the 7 days count from here). Purchases: when paid. */
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    /**
     * The app key its servers read their bound devices with (/api/v1/apps/{id}/devices): looked
     * up by its SHA-256, and kept encrypted under the master key only so that the engine can hand
     * it to the app's workloads. The buyer sees it once, when it is made.
     */
    appKeyHash: text("app_key_hash").unique(),
    appKeyEnc: text("app_key_enc"),
    appKeyCreatedAt: integer("app_key_created_at", { mode: "timestamp_ms" }),
    /** When the buyer was shown the key; null while the key the engine made at deploy is unseen. */
    appKeyShownAt: integer("app_key_shown_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    index("my_apps_owner").on(t.ownerId, t.createdAt),
    index("my_apps_deployment").on(t.deploymentId),
    // One active trial per buyer and listing, also under concurrent requests.
    uniqueIndex("my_apps_one_active_trial").on(t.ownerId, t.listingId).where(sql`kind = 'trial' and status = 'active'`),
  ],
);

/**
 * 7天试用 taken: one per buyer and listing, ever. A trial's my_apps row goes when the buyer deletes
 * it, so the rule needs a row of its own that outlives it; its primary key holds the rule under
 * concurrent requests too.
 */
export const trialUses = sqliteTable(
  "trial_uses",
  {
    buyerId: text("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listingId: text("listing_id")
      .notNull()
      .references(() => listings.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.buyerId, t.listingId] })],
);

/** 绑定应用: which of the buyer's devices an app may read and message. */
export const deviceBindings = sqliteTable(
  "device_bindings",
  {
    myAppId: text("my_app_id")
      .notNull()
      .references(() => myApps.id, { onDelete: "cascade" }),
    deviceSeq: integer("device_seq")
      .notNull()
      .references(() => devices.seq, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.myAppId, t.deviceSeq] }), index("device_bindings_device").on(t.deviceSeq)],
);

/** 购买: an order waits for an operator to record the (offline) payment; paying it makes the app. */
export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    buyerId: text("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listingId: text("listing_id")
      .notNull()
      .references(() => listings.id),
    spec: text("spec", { mode: "json" }).$type<ListedSpec>().notNull(),
    term: text("term", { enum: ORDER_TERMS }).notNull(),
    /** Minor units (cents) of `currency`, from the spec's price plan when the order was placed. */
    amount: integer("amount").notNull(),
    currency: text("currency"),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("pending"),
    paidAt: integer("paid_at", { mode: "timestamp_ms" }),
    paidBy: text("paid_by").references(() => users.id, { onDelete: "set null" }),
    myAppId: text("my_app_id").references(() => myApps.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [index("orders_buyer").on(t.buyerId, t.createdAt), index("orders_status").on(t.status, t.createdAt)],
);

/** 应用体验: every hand-out of a running experience instance's access to a buyer. */
export const experienceGrants = sqliteTable(
  "experience_grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listingId: text("listing_id")
      .notNull()
      .references(() => listings.id),
    deploymentId: text("deployment_id").references(() => deployments.id, { onDelete: "set null" }),
    buyerId: text("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    grantedAt: integer("granted_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [index("experience_grants_listing").on(t.listingId, t.grantedAt)],
);

export type MyApp = typeof myApps.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type ExperienceGrant = typeof experienceGrants.$inferSelect;
export type DeviceBinding = typeof deviceBindings.$inferSelect;
