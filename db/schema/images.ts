import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { specs } from "./applications";
import { users } from "./users";
import { IMAGE_KINDS, VERSION_STATUSES } from "../enums";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const images = sqliteTable(
  "images",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: IMAGE_KINDS }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [uniqueIndex("images_owner_name").on(t.ownerId, t.name)],
);

export const imageVersions = sqliteTable(
  "image_versions",
  {
    id: text("id").primaryKey(),
    imageId: text("image_id")
      .notNull()
      .references(() => images.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    status: text("status", { enum: VERSION_STATUSES }).notNull(),
    /** The file name as uploaded, e.g. docker_hello-iot_v1.0.tar.gz. */
    fileName: text("file_name").notNull(),
    /** The tus upload id while uploading; the partial file lives under DATA_DIR/uploads. */
    uploadId: text("upload_id").unique(),
    size: integer("size").notNull(),
    /** Bytes of the tar stream (for .tar.gz: after decompression). */
    unpackedSize: integer("unpacked_size"),
    sha256: text("sha256"),
    repoTags: text("repo_tags", { mode: "json" }).$type<string[]>(),
    os: text("os"),
    architecture: text("architecture"),
    /** Message key of the reason validation failed, and its detail (a path, a layer). */
    failureCode: text("failure_code"),
    failureDetail: text("failure_detail"),
    /** Where the validated archive is stored (content-addressed under DATA_DIR/images). */
    filePath: text("file_path"),
    /**
     * What the registry endpoint (/v2/) serves for a ready Docker version, derived at validation:
     * the manifest's exact bytes (its sha256 is the manifest digest) and where each blob the
     * manifest names (config and layers) lies in the stored, uncompressed archive.
     */
    registryManifest: text("registry_manifest"),
    registryManifestDigest: text("registry_manifest_digest"),
    registryBlobs: text("registry_blobs", { mode: "json" }).$type<Record<string, { offset: number; size: number }>>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [uniqueIndex("image_versions_image_version").on(t.imageId, t.version), index("image_versions_status").on(t.status)],
);

/**
 * Which specs use which image version; rebuilt from a spec's graph in the same transaction
 * whenever it is stored (lib/specs/image-refs.ts). A referenced version cannot be deleted.
 */
export const specImageRefs = sqliteTable(
  "spec_image_refs",
  {
    specId: text("spec_id")
      .notNull()
      .references(() => specs.id, { onDelete: "cascade" }),
    imageVersionId: text("image_version_id")
      .notNull()
      .references(() => imageVersions.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.specId, t.imageVersionId] }), index("spec_image_refs_version").on(t.imageVersionId)],
);

export type Image = typeof images.$inferSelect;
export type ImageVersion = typeof imageVersions.$inferSelect;
