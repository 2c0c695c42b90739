import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { deployments } from "./deployments";

/**
 * Read-only credentials for the registry endpoint (/v2/), handed to an engine or cluster that
 * pulls a deployment's images. Only the sha256 of the token is stored (like API keys); the token
 * is valid until `expiresAt`, for the image versions the deployment's graph referenced when it
 * was issued, and is revoked when the deployment is uninstalled.
 */
export const registryPullTokens = sqliteTable(
  "registry_pull_tokens",
  {
    id: text("id").primaryKey(),
    deploymentId: text("deployment_id")
      .notNull()
      .references(() => deployments.id, { onDelete: "cascade" }),
    hash: text("hash").notNull().unique(),
    /** The image versions this token may pull. */
    versionIds: text("version_ids", { mode: "json" }).$type<string[]>().notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [index("registry_pull_tokens_deployment").on(t.deploymentId)],
);

export type RegistryPullToken = typeof registryPullTokens.$inferSelect;
