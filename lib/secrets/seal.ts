import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomFillSync } from "node:crypto";
import { persistentSecret } from "./persistent";

/**
 * What a sealed value is for. Each kind has its own key (its own HKDF label), and every value is
 * bound to its record's id as AES-GCM associated data: a ciphertext copied into another kind's
 * column, or into another row, does not open.
 */
export type SealKind = "device-secret" | "batch-item-secret" | "target-credential" | "deployment-output" | "app-key";

export const MASTER_KEY_ENV = "DEVICE_SECRET_KEY";
export const MASTER_KEY_FILE = "device-secret-key";

/** The master key as configured: DEVICE_SECRET_KEY, or DATA_DIR/device-secret-key generated once. */
export const currentMasterKey = (): string => persistentSecret(MASTER_KEY_ENV, MASTER_KEY_FILE);

// The master key may be any string; HKDF turns it into exactly 32 bytes per purpose, so an
// operator can set a passphrase-like value. Derived once per process and kind: batch registration
// seals 100,000 secrets in a row.
const derived = new Map<string, Buffer>();
function derive(master: string, label: string): Buffer {
  const id = `${label}\0${master}`;
  let key = derived.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", master, "stagecraft", label, 32));
    if (derived.size > 64) derived.clear(); // a rotation brings a second master key, never many
    derived.set(id, key);
  }
  return key;
}
const kindKey = (master: string, kind: SealKind) => derive(master, `stagecraft/${kind}/v2`);
/** The single key every v1 value was sealed under, with no associated data. */
const legacyKey = (master: string) => derive(master, "device-secrets-v1");

// Random bytes drawn from a pool filled 64 KiB at a time: one randomFillSync call per secret and
// IV costs more than the bytes themselves when thousands are needed per second.
const pool = Buffer.alloc(64 * 1024);
let poolAt = pool.length;
function randomSlice(size: number): Buffer {
  if (poolAt + size > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const slice = Buffer.from(pool.subarray(poolAt, poolAt + size));
  pool.fill(0, poolAt, poolAt + size); // a handed-out byte never stays behind in the pool
  poolAt += size;
  return slice;
}

/** AES-256-GCM under `master`'s key for `kind`, `recordId` as associated data: `v2.<iv>.<tag>.<ciphertext>` (base64url). */
export function sealWith(master: string, kind: SealKind, recordId: string, plain: string): string {
  const iv = randomSlice(12);
  const cipher = createCipheriv("aes-256-gcm", kindKey(master, kind), iv);
  cipher.setAAD(Buffer.from(recordId, "utf8"));
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v2", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

/**
 * Opens a v2 value sealed for this kind and record, or a v1 value (one key, no associated data,
 * as stored before v2; bootstrap re-seals those). Throws when the value was tampered with, moved,
 * or sealed under another master key.
 */
export function openWith(master: string, kind: SealKind, recordId: string, stored: string): string {
  const [version, iv, tag, data, extra] = stored.split(".");
  if ((version !== "v1" && version !== "v2") || !iv || !tag || data === undefined || extra !== undefined) throw new Error("Unknown secret format");
  const decipher = createDecipheriv("aes-256-gcm", version === "v1" ? legacyKey(master) : kindKey(master, kind), Buffer.from(iv, "base64url"));
  if (version === "v2") decipher.setAAD(Buffer.from(recordId, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/** Seals under the configured master key. */
export const sealSecret = (kind: SealKind, recordId: string, plain: string): string => sealWith(currentMasterKey(), kind, recordId, plain);

/** Opens under the configured master key. */
export const openSecret = (kind: SealKind, recordId: string, stored: string): string => openWith(currentMasterKey(), kind, recordId, stored);

/** The record a failed batch row's secret is bound to: its task and its place in the file. */
export const batchItemRecord = (taskId: string, idx: number): string => `${taskId}#${idx}`;

/** A value sealed the old way (one key for everything, no record bound). */
export const isLegacySealed = (stored: string): boolean => stored.startsWith("v1.");

/**
 * A new device secret: 32 characters of [A-Za-z0-9_-] (24 random bytes), or 32 hex characters
 * for CoAP products, whose devices only accept hexadecimal secrets.
 */
export function generateSecret(hex = false): string {
  return hex ? randomSlice(16).toString("hex") : randomSlice(24).toString("base64url");
}
