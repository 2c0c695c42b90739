import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { databasePath } from "../lib/env";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

let instance: { file: string; db: Db } | null = null;

/**
 * The one way to open the database, shared by the app, the worker, the admin command and tests.
 * WAL lets readers run beside the writer (the admin command may write while the server runs);
 * the busy timeout makes a second process wait for the write lock instead of failing.
 */
export function getDb(): Db {
  const file = databasePath();
  if (instance?.file === file) return instance.db;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  instance?.db.$client.close();
  instance = { file, db };
  return db;
}

/**
 * A query prepared once per database handle, for the ones every request runs (the session's
 * account, an API key): drizzle builds its SQL and SQLite compiles it once, not per call. Build it
 * with `sql.placeholder(name)` for the values and `.prepare()` at the end.
 */
export function preparedQuery<T>(build: (db: Db) => T): () => T {
  const byHandle = new WeakMap<Db, T>();
  return () => {
    const db = getDb();
    let query = byHandle.get(db);
    if (!query) byHandle.set(db, (query = build(db)));
    return query;
  };
}

export function closeDb(): void {
  instance?.db.$client.close();
  instance = null;
}

/**
 * At shutdown: moves the WAL's content into the database file and empties the WAL (TRUNCATE), so
 * the file alone is complete, then closes. `busy` when another process (the admin command) kept
 * part of the WAL in use: that part stays in the WAL, which SQLite reads at the next open.
 */
export function checkpointAndCloseDb(): { busy: boolean; pages: number } {
  const client = getDb().$client;
  const [result] = client.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number; checkpointed: number }[];
  closeDb();
  return { busy: result.busy !== 0, pages: result.checkpointed };
}

/** True when a write failed on a unique index (drizzle wraps the driver's error in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "SQLITE_CONSTRAINT_UNIQUE" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  }
  return false;
}
