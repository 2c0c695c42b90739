import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { specs } from "./applications";
import { users } from "./users";
import { PROVIDERS, PURPOSES, DEPLOYMENT_STATUSES, RESOURCE_STATUSES, type Location } from "../enums";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** Where applications get installed; managed by operators. */
export const deploymentTargets = sqliteTable("deployment_targets", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  /** The deploy locations this target serves (a spec deploys to an enabled target of its location). */
  locations: text("locations", { mode: "json" }).$type<Location[]>().notNull(),
  provider: text("provider", { enum: PROVIDERS }).notNull(),
  /** Provider connection settings, e.g. { socketPath, publicHost } for Docker. */
  settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
});

export type DeployGraphJson = {
  nodes: { id: string; type: string; name?: string; properties?: Record<string, unknown> }[];
  edges: { from: string; to: string }[];
};
export type DeploymentOutput = { name: string; label: string; value: string; secret: boolean };

export const deployments = sqliteTable(
  "deployments",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The spec this instance was made from, if any (deploy tests, trials, purchases). */
    specId: text("spec_id").references(() => specs.id, { onDelete: "set null" }),
    purpose: text("purpose", { enum: PURPOSES }).notNull(),
    /**
     * Whose images the graph's workloads name: the ISV's for marketplace instances that a buyer
     * owns (trials, purchases); null means the owner's own.
     */
    imagesOwnerId: text("images_owner_id").references(() => users.id, { onDelete: "cascade" }),
    targetId: text("target_id")
      .notNull()
      .references(() => deploymentTargets.id),
    status: text("status", { enum: DEPLOYMENT_STATUSES }).notNull().default("pending"),
    /** The graph as it was when the deployment was asked for; later edits of the spec do not change it. */
    graph: text("graph", { mode: "json" }).$type<DeployGraphJson>().notNull(),
    outputs: text("outputs", { mode: "json" }).$type<DeploymentOutput[]>(),
    failedNodeId: text("failed_node_id"),
    failureMessage: text("failure_message"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("deployments_owner").on(t.ownerId),
    // A spec's instances: its deploy tests, the market's "has a running experience" per listing.
    index("deployments_spec").on(t.specId, t.purpose, t.status),
    // One live deploy test per spec: a second one at the same time is refused.
    uniqueIndex("deployments_one_live_test")
      .on(t.specId)
      .where(sql`purpose = 'test' and status in ('pending', 'installing', 'running', 'uninstalling')`),
    // One shared experience instance per listed experience spec.
    uniqueIndex("deployments_one_live_experience")
      .on(t.specId)
      .where(sql`purpose = 'experience' and status in ('pending', 'installing', 'running', 'uninstalling')`),
  ],
);

export const deploymentResources = sqliteTable(
  "deployment_resources",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deploymentId: text("deployment_id")
      .notNull()
      .references(() => deployments.id, { onDelete: "cascade" }),
    nodeId: text("node_id").notNull(),
    type: text("type").notNull(),
    status: text("status", { enum: RESOURCE_STATUSES }).notNull(),
    externalId: text("external_id"),
    /** What later steps and retries need: generated credentials, the allocated port. */
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [uniqueIndex("deployment_resources_node").on(t.deploymentId, t.nodeId)],
);

export const deploymentEvents = sqliteTable(
  "deployment_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deploymentId: text("deployment_id")
      .notNull()
      .references(() => deployments.id, { onDelete: "cascade" }),
    at: integer("at", { mode: "timestamp_ms" }).notNull().default(now),
    nodeId: text("node_id"),
    level: text("level", { enum: ["info", "warn", "error"] }).notNull(),
    message: text("message").notNull(),
  },
  (t) => [index("deployment_events_deployment").on(t.deploymentId, t.id)],
);

export type DeploymentTarget = typeof deploymentTargets.$inferSelect;
export type Deployment = typeof deployments.$inferSelect;
export type DeploymentResource = typeof deploymentResources.$inferSelect;
