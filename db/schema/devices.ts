import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";
import { PROTOCOLS, AUTH_TYPES, DEVICE_STATUSES, TASK_STATUSES, ITEM_STATUSES } from "../enums";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    protocol: text("protocol", { enum: PROTOCOLS }).notNull(),
    deviceType: text("device_type").notNull(),
    manufacturer: text("manufacturer").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("products_owner").on(t.ownerId, t.createdAt)],
);

export const devices = sqliteTable(
  "devices",
  {
    /** Insertion order: the keyset for paging (IoTDA's `marker`) and "newest first". */
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    /** `{productId}_{nodeId}`; unique, which also makes node IDs unique within a product. */
    id: text("id").notNull().unique(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    nodeId: text("node_id").notNull(),
    name: text("name").notNull(),
    authType: text("auth_type", { enum: AUTH_TYPES }).notNull(),
    /** AES-256-GCM under the master key (`v1.iv.tag.ciphertext`); null for certificates and non-secure CoAP. */
    secretEnc: text("secret_enc"),
    fingerprint: text("fingerprint"),
    secure: integer("secure", { mode: "boolean" }).notNull(),
    status: text("status", { enum: DEVICE_STATUSES }).notNull().default("INACTIVE"),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    // The list always filters by owner; each index serves one filter or sort over 100,000 rows.
    index("devices_owner_seq").on(t.ownerId, t.seq),
    index("devices_owner_product_seq").on(t.ownerId, t.productId, t.seq),
    index("devices_owner_status_seq").on(t.ownerId, t.status, t.seq),
    // NOCASE: the list's text filter is a case-insensitive prefix (LIKE 'q%'), which SQLite
    // answers from these indexes; sorting by node ID or name uses the same collation.
    index("devices_owner_node").on(t.ownerId, sql`${t.nodeId} collate nocase`),
    index("devices_owner_name").on(t.ownerId, sql`${t.name} collate nocase`),
    // /metrics counts the devices online, all owners together, at every scrape: from this index
    // of the online ones only, not a scan of every device's (a million: ~150 ms on the event loop).
    index("devices_online").on(t.seq).where(sql`status = 'ONLINE'`),
  ],
);

/** An uploaded CSV/XLSX, validated on upload; IoTDA's `batchtask-files` (`file_id`). */
export const batchFiles = sqliteTable(
  "batch_files",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    format: text("format", { enum: ["csv", "xlsx"] }).notNull(),
    rows: integer("rows").notNull(),
    /** Removed (and set null) when its task ends, or after a day unused: it may hold secrets in clear. */
    path: text("path"),
    createdAt: createdAt(),
  },
  (t) => [index("batch_files_owner").on(t.ownerId)],
);

export const batchTasks = sqliteTable(
  "batch_tasks",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type", { enum: ["createDevices"] }).notNull(),
    fileId: text("file_id").notNull(),
    status: text("status", { enum: TASK_STATUSES }).notNull().default("Initializing"),
    /** Why the whole task failed (e.g. its file vanished); a message key. */
    error: text("error"),
    total: integer("total").notNull().default(0),
    success: integer("success").notNull().default(0),
    fail: integer("fail").notNull().default(0),
    /** Set when the generated secrets were downloaded: they are offered once. */
    secretsDownloadedAt: integer("secrets_downloaded_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("batch_tasks_owner").on(t.ownerId, t.createdAt)],
);

export const batchTaskItems = sqliteTable(
  "batch_task_items",
  {
    taskId: text("task_id")
      .notNull()
      .references(() => batchTasks.id, { onDelete: "cascade" }),
    /** Row number in the file, from 0. */
    idx: integer("idx").notNull(),
    status: text("status", { enum: ITEM_STATUSES }).notNull().default("Waitting"),
    nodeId: text("node_id").notNull(),
    deviceName: text("device_name").notNull(),
    productId: text("product_id").notNull(),
    authType: text("auth_type").notNull(),
    /** A failed row's secret, encrypted like devices' secrets, for "retry failed rows"; null once it succeeded. */
    secretEnc: text("secret_enc"),
    fingerprint: text("fingerprint").notNull(),
    /** The row succeeded with a secret the server generated: offered in the one-time download. */
    secretGenerated: integer("secret_generated", { mode: "boolean" }).notNull().default(false),
    deviceId: text("device_id"),
    /** Message key of the reason the row failed. */
    errorCode: text("error_code"),
    errorField: text("error_field"),
  },
  (t) => [
    uniqueIndex("batch_task_items_pk").on(t.taskId, t.idx),
    index("batch_task_items_status").on(t.taskId, t.status, t.idx),
  ],
);

export type Product = typeof products.$inferSelect;
export type Device = typeof devices.$inferSelect;
export type BatchTask = typeof batchTasks.$inferSelect;
export type BatchTaskItem = typeof batchTaskItems.$inferSelect;
