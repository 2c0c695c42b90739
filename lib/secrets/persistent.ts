import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/env";

const cache = new Map<string, string>();

/**
 * A secret the server needs across restarts (the session signing secret, the device-secret master
 * key): taken from the environment variable when set, else generated once into DATA_DIR/<file>
 * with mode 0600. Created with O_EXCL: when two processes race, both end up with the winner's file.
 * Values are 32 random bytes as base64url.
 */
export function persistentSecret(envName: string, fileName: string): string {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir(), fileName);
  const cached = cache.get(file);
  if (cached) return cached;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const value = fs.readFileSync(file, "utf8").trim();
  cache.set(file, value);
  return value;
}

/**
 * Prepares to replace a generated secret: the new value is written to DATA_DIR/<file>.next (0600)
 * now; `commit` renames it over the old file (atomic) and this process uses it from then on,
 * `abandon` removes it. A crash in between leaves the old file in force and the new value in `.next`.
 */
export function stagePersistentSecret(fileName: string, value: string): { commit(): void; abandon(): void } {
  const file = path.join(dataDir(), fileName);
  const next = `${file}.next`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(next, value, { mode: 0o600 });
  fs.chmodSync(next, 0o600);
  return {
    commit() {
      fs.renameSync(next, file);
      cache.set(file, value);
    },
    abandon() {
      fs.rmSync(next, { force: true });
    },
  };
}
