import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomFillSync } from "node:crypto";
import { persistentSecret } from "./persistent";

let key: Buffer | null = null;

// The master key may be any string (DEVICE_SECRET_KEY or the generated file); HKDF turns it into
// exactly 32 bytes, so an operator can set a passphrase-like value without knowing the format.
// Derived once per process: batch registration encrypts 100,000 secrets in a row.
function masterKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", persistentSecret("DEVICE_SECRET_KEY", "device-secret-key"), "stagecraft", "device-secrets-v1", 32));
  return key;
}

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

/** AES-256-GCM with a random 96-bit IV, as `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptSecret(plain: string): string {
  const iv = randomSlice(12);
  const cipher = createCipheriv("aes-256-gcm", masterKey(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

/** Throws when the value was tampered with or encrypted under another master key. */
export function decryptSecret(stored: string): string {
  const [version, iv, tag, data] = stored.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("Unknown secret format");
  const decipher = createDecipheriv("aes-256-gcm", masterKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/**
 * A new device secret: 32 characters of [A-Za-z0-9_-] (24 random bytes), or 32 hex characters
 * for CoAP products, whose devices only accept hexadecimal secrets.
 */
export function generateSecret(hex = false): string {
  return hex ? randomSlice(16).toString("hex") : randomSlice(24).toString("base64url");
}
