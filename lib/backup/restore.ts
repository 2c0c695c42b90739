import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import Database from "better-sqlite3";
import tar from "tar-stream";
import { dataDir } from "@/lib/env";
import { BACKUP_FORMAT, BackupError, DATABASE_FILE, FILE_FOLDERS, MANIFEST_FILE, SECRET_FILES, journalTags, manifestSchema, restoredMode, type BackupManifest } from "./layout";

export type RestoreSummary = { dataDir: string; files: number; bytes: number; ms: number; manifest: BackupManifest };

/**
 * Restores a backup into DATA_DIR, which must be empty or absent. Everything is extracted and
 * checked in a folder beside DATA_DIR first and renamed into place at the end, so DATA_DIR is
 * either untouched or complete. When DATA_DIR is an empty folder that cannot be replaced (a mount
 * point, as a container volume is) the folder is made inside it and its entries are renamed up.
 * The database keeps the backup's migration level; the server migrates it at its next start.
 */
export async function restoreBackup(file: string): Promise<RestoreSummary> {
  const started = Date.now();
  const target = dataDir();
  if (!fs.existsSync(file)) throw new BackupError(`no backup at ${path.resolve(file)}`);
  const existing = fs.existsSync(target) ? fs.readdirSync(target) : null;
  if (existing?.length) throw new BackupError(`${target} is not empty (${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", …" : ""}): restore only into an empty or absent DATA_DIR`);
  const staging = existing ? path.join(target, `.restoring-${randomUUID()}`) : `${target}.restoring-${randomUUID()}`;
  fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
  try {
    const extracted = await extract(file, staging);
    const manifest = checkManifest(staging, extracted);
    relocatePaths(path.join(staging, DATABASE_FILE), manifest.dataDir, target);
    fs.chmodSync(staging, 0o755);
    if (existing) {
      for (const name of fs.readdirSync(staging)) fs.renameSync(path.join(staging, name), path.join(target, name));
      fs.rmdirSync(staging);
    } else fs.renameSync(staging, target);
    return { dataDir: target, files: extracted.files, bytes: extracted.bytes, ms: Date.now() - started, manifest };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

const TOP_FILES = new Set<string>([MANIFEST_FILE, DATABASE_FILE, ...SECRET_FILES]);
const TOP_FOLDERS = new Set<string>(FILE_FOLDERS);

/**
 * The archive name as a safe relative path, or the reason it is refused: no absolute paths, no
 * `..` or `.` segments, only the names a backup writes (layout.ts).
 */
export function checkEntryName(name: string, type: tar.Header["type"]): string {
  const trimmed = type === "directory" ? name.replace(/\/+$/, "") : name;
  const segments = trimmed.split("/");
  if (!trimmed || trimmed.startsWith("/") || /^[a-zA-Z]:/.test(trimmed) || trimmed.includes("\\") || trimmed.includes("\0")) {
    throw new BackupError(`refusing the entry "${name}": not a relative path`);
  }
  if (segments.some((s) => s === ".." || s === "." || s === "")) throw new BackupError(`refusing the entry "${name}": "..", "." or empty path segments`);
  if (type !== "file" && type !== "directory") throw new BackupError(`refusing the entry "${name}": a ${type ?? "unknown"} entry (only regular files and folders are restored)`);
  const top = segments[0]!;
  const allowed = segments.length === 1 ? (type === "file" ? TOP_FILES.has(top) : TOP_FOLDERS.has(top)) : TOP_FOLDERS.has(top);
  if (!allowed) throw new BackupError(`refusing the entry "${name}": not part of a Stagecraft backup`);
  return trimmed;
}

async function extract(file: string, into: string): Promise<{ files: number; bytes: number }> {
  const seen = new Set<string>();
  let files = 0;
  let bytes = 0;
  const extractor = tar.extract();
  extractor.on("entry", (header, stream, next) => {
    const write = async () => {
      const name = checkEntryName(header.name, header.type);
      if (seen.has(name)) throw new BackupError(`refusing the entry "${name}": it appears twice`);
      seen.add(name);
      const to = path.join(into, ...name.split("/"));
      if (header.type === "directory") {
        fs.mkdirSync(to, { recursive: true });
        stream.resume();
        return;
      }
      fs.mkdirSync(path.dirname(to), { recursive: true });
      // "wx": never through anything already there (a folder entry cannot be a link, but be sure).
      await pipeline(stream, fs.createWriteStream(to, { flags: "wx", mode: restoredMode(name, header.mode) }));
      fs.chmodSync(to, restoredMode(name, header.mode)); // past the umask
      if (name !== MANIFEST_FILE) files++;
      if (name !== MANIFEST_FILE) bytes += header.size ?? 0;
    };
    write().then(() => next(), next);
  });
  try {
    await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), createGunzip(), extractor);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${path.resolve(file)} is not a complete .tar.gz backup (${(error as Error).message})`);
  }
  return { files, bytes };
}

/** The manifest is written last: its presence and counts say the archive is complete. */
function checkManifest(staging: string, extracted: { files: number; bytes: number }): BackupManifest {
  const file = path.join(staging, MANIFEST_FILE);
  if (!fs.existsSync(file)) throw new BackupError(`the archive has no ${MANIFEST_FILE}: not a Stagecraft backup, or cut short`);
  let parsed;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) throw new BackupError(`${MANIFEST_FILE} is not one this version reads (backup format ${BACKUP_FORMAT})`);
  const manifest = parsed.data;
  if (manifest.files !== extracted.files || manifest.bytes !== extracted.bytes) {
    throw new BackupError(`the archive holds ${extracted.files} files (${extracted.bytes} bytes), its manifest says ${manifest.files} (${manifest.bytes})`);
  }
  if (!fs.existsSync(path.join(staging, DATABASE_FILE))) throw new BackupError(`the archive has no ${DATABASE_FILE}`);
  const known = journalTags();
  if (manifest.migrations.count > known.length || (manifest.migrations.last && known[manifest.migrations.count - 1] !== manifest.migrations.last)) {
    throw new BackupError(`the backup's database is at migration ${manifest.migrations.last}, which this version of Stagecraft does not know: restore it with version ${manifest.appVersion} or later`);
  }
  fs.rmSync(file);
  return manifest;
}

/**
 * Two columns hold absolute paths under DATA_DIR (image archives, device lists): restored under
 * another DATA_DIR, they are moved along. Also proves the database opens and is sound.
 */
function relocatePaths(database: string, from: string, to: string): void {
  const db = new Database(database, { fileMustExist: true }); // opening reads nothing yet
  try {
    let check: unknown;
    try {
      check = db.pragma("quick_check", { simple: true });
    } catch (error) {
      throw new BackupError(`the backup's database does not open: ${(error as Error).message}`);
    }
    if (check !== "ok") throw new BackupError(`the backup's database is damaged: ${String(check)}`);
    if (from === to) return;
    const columns = [
      ["image_versions", "file_path"],
      ["batch_files", "path"],
    ] as const;
    for (const [table, column] of columns) {
      const has = db.prepare(`select 1 from pragma_table_info(?) where name = ?`).get(table, column);
      if (!has) continue;
      db.prepare(`update ${table} set ${column} = ? || substr(${column}, ?) where substr(${column}, 1, ?) = ?`).run(to, from.length + 1, from.length + 1, `${from}/`);
    }
  } finally {
    db.close();
  }
}
