import path from "node:path";

/** Folder holding everything a self-hoster backs up: the database, secrets, uploads, media. */
export function dataDir(): string {
  // Resolved at run time, never traced into the build.
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || "./data");
}

export function databasePath(): string {
  return path.join(dataDir(), "stagecraft.db");
}

export function seedDemoEnabled(): boolean {
  return (process.env.SEED_DEMO ?? "true").toLowerCase() !== "false";
}
