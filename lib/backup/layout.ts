import "server-only";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * What of DATA_DIR a backup holds, by top-level name. Every writer of DATA_DIR is listed here; a new
 * one must be added (or consciously left out), or its files are silently lost on restore.
 *  - stagecraft.db: the database (db/index.ts), taken through SQLite's online backup, never copied.
 *  - auth-secret, device-secret-key: generated secrets (lib/secrets/persistent.ts), mode 0600.
 *  - images/sha256/<hex>: validated image archives (lib/storage.ts), content-addressed.
 *  - media/<uuid>: review and listing images (lib/reviews/media.ts), never changed once written.
 *  - batch-files/<uuid>.<ext>: uploaded device lists (lib/devices/batch/service.ts), mode 0600.
 * Left out: uploads/ (tus partials and finished uploads not yet validated: a client resumes or
 * re-sends them), stagecraft.db-wal/-shm (the snapshot has their content), `*.next` secrets (a
 * rotation in progress) and the temporary names writers use before a rename.
 */
export const DATABASE_FILE = "stagecraft.db";
export const SECRET_FILES = ["auth-secret", "device-secret-key"] as const;
export const FILE_FOLDERS = ["images", "media", "batch-files"] as const;
export const MANIFEST_FILE = "manifest.json";
export const BACKUP_FORMAT = 1;

/** Names of a writer's temporary files (lib/storage.ts gunzipInto, lib/registry/backfill-job.ts). */
export const isTemporaryName = (name: string) => /\.partial-|\.plain$|\.next$/.test(name);

/** The mode a restored file gets: secrets and device lists stay private whatever the archive says. */
export function restoredMode(name: string, archived: number | undefined): number {
  const top = name.split("/")[0]!;
  if ((SECRET_FILES as readonly string[]).includes(top) || top === "batch-files" || top === DATABASE_FILE) return 0o600;
  return (archived ?? 0o644) & 0o777;
}

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  app: z.literal("stagecraft"),
  appVersion: z.string(),
  createdAt: z.string(),
  /** Applied migrations: how many, and the last one's tag (db/migrations/meta/_journal.json). */
  migrations: z.object({ count: z.number().int().nonnegative(), last: z.string().nullable() }),
  /** Regular files besides the manifest, the database included. */
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** DATA_DIR as the server saw it: the database stores some absolute paths under it. */
  dataDir: z.string(),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** The migrations this code knows, in order (drizzle's journal). */
export function journalTags(): string[] {
  const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => e.tag);
}

/** An expected failure of backup or restore, told to the operator as is (exit status 2). */
export class BackupError extends Error {}
