import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import Database from "better-sqlite3";
import tar from "tar-stream";
import { databasePath, dataDir } from "@/lib/env";
import packageJson from "@/package.json";
import {
  BACKUP_FORMAT,
  BackupError,
  DATABASE_FILE,
  FILE_FOLDERS,
  MANIFEST_FILE,
  SECRET_FILES,
  isTemporaryName,
  journalTags,
  restoredMode,
  type BackupManifest,
} from "./layout";

export type BackupProgress = { files: number; bytes: number };
export type BackupSummary = BackupProgress & { file: string; archiveBytes: number; ms: number; manifest: BackupManifest };

/**
 * Writes DATA_DIR as a .tar.gz while the server runs: the database first, through SQLite's online
 * backup (a snapshot of one committed state, WAL included, taken page by page without blocking
 * writers for long), then the files. Files are copied after the snapshot, so every file a row of
 * the snapshot names was already there: image archives and media are written before the row that
 * names them and never change (content-addressed or write-once), the secrets never change outside
 * rotate-master-key (which wants the server stopped). A file written after the snapshot may come
 * along unreferenced, which is harmless; a device list removed after it (its task ended) is
 * skipped and its task's file is gone on restore, as it would have been a moment later anyway.
 * Streamed through a FILE.partial name and renamed when complete: FILE is whole or absent.
 */
export async function createBackup(
  file: string,
  options: { force?: boolean; onProgress?: (p: BackupProgress) => void; signal?: AbortSignal } = {},
): Promise<BackupSummary> {
  const started = Date.now();
  const target = path.resolve(file);
  if (!options.force && fs.existsSync(target)) throw new BackupError(`${target} exists; pass --force to replace it`);
  if (!fs.existsSync(databasePath())) throw new BackupError(`no database at ${databasePath()}: is DATA_DIR set as the server has it?`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const snapshot = `${target}.db-${randomUUID()}`;
  const { signal } = options;
  const progress: BackupProgress = { files: 0, bytes: 0 };
  try {
    await snapshotDatabase(snapshot);
    signal?.throwIfAborted();
    const pack = tar.pack();
    // Level 1: most of what gzip saves on databases and `docker save` tars, at a fraction of the
    // CPU of the default; image layers are mostly compressed already.
    const written = pipeline(pack, createGzip({ level: 1 }), fs.createWriteStream(partial, { mode: 0o600 }), { signal });
    written.catch(() => {}); // awaited below; an early failure would otherwise be unhandled meanwhile
    const add = async (name: string, from: string) => {
      signal?.throwIfAborted();
      const size = await addFile(pack, name, from);
      if (size === null) return;
      progress.files++;
      progress.bytes += size;
      options.onProgress?.({ ...progress });
    };
    await add(DATABASE_FILE, snapshot);
    for (const name of SECRET_FILES) await add(name, path.join(dataDir(), name));
    for (const folder of FILE_FOLDERS) {
      for (const name of listFiles(dataDir(), folder)) await add(name, path.join(dataDir(), name));
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      app: "stagecraft",
      appVersion: packageJson.version,
      createdAt: new Date(started).toISOString(),
      migrations: migrationLevel(snapshot),
      files: progress.files,
      bytes: progress.bytes,
      dataDir: dataDir(),
    };
    // Last: a manifest is there only if everything before it was written.
    pack.entry({ name: MANIFEST_FILE, mode: 0o644, mtime: new Date(started) }, JSON.stringify(manifest, null, 2));
    pack.finalize();
    await written;
    fs.renameSync(partial, target);
    return { ...progress, file: target, archiveBytes: fs.statSync(target).size, ms: Date.now() - started, manifest };
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  } finally {
    fs.rmSync(snapshot, { force: true });
    fs.rmSync(partial, { force: true });
  }
}

/** The live database, copied by SQLite's backup API into a standalone file (no WAL beside it). */
async function snapshotDatabase(to: string): Promise<void> {
  // Read-write only so that SQLite may create the -shm file of a stopped server's database.
  const source = new Database(databasePath(), { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    await source.backup(to);
  } finally {
    source.close();
  }
  const copy = new Database(to);
  copy.pragma("journal_mode = DELETE"); // one file in the archive; the server turns WAL on again
  copy.close();
}

function migrationLevel(snapshot: string): BackupManifest["migrations"] {
  const db = new Database(snapshot, { readonly: true });
  try {
    const applied = db.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
    return { count: applied.n, last: journalTags()[applied.n - 1] ?? null };
  } catch {
    return { count: 0, last: null };
  } finally {
    db.close();
  }
}

/** Regular files under DATA_DIR/<folder>, as archive names ("images/sha256/…"), sorted. */
function listFiles(root: string, folder: string): string[] {
  if (!fs.existsSync(path.join(root, folder))) return [];
  const entries = fs.readdirSync(path.join(root, folder), { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && !isTemporaryName(e.name));
  return entries.map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/")).sort();
}

/**
 * Streams one file into the archive, never holding it in memory. The size in the tar header is the
 * open file's; a file that vanished since it was listed is skipped (null). Returns the bytes added.
 */
async function addFile(pack: tar.Pack, name: string, from: string): Promise<number | null> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(from, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return null;
    const entry = pack.entry({ name, size: stat.size, mode: restoredMode(name, stat.mode), mtime: stat.mtime });
    // Exactly the header's size, should the file grow meanwhile (none of these files is appended to).
    if (stat.size === 0) await pipeline([], entry);
    else await pipeline(handle.createReadStream({ autoClose: false, start: 0, end: stat.size - 1, highWaterMark: 1 << 20 }), entry);
    return stat.size;
  } finally {
    await handle.close();
  }
}
