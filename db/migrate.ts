import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { getDb } from "./index";

/** Applies the committed migrations; safe to call from several processes at once. */
export function migrateDb(): void {
  migrate(getDb(), { migrationsFolder: path.join(process.cwd(), "db/migrations") });
}
