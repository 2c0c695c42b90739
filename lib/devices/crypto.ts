import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { persistentSecret } from "@/lib/secrets/persistent";

let key: { source: string; key: Buffer } | null = null;

// The master key may be any string (DEVICE_SECRET_KEY or the generated file); HKDF turns it into
// exactly 32 bytes, so an operator can set a passphrase-like value without knowing the format.
function masterKey(): Buffer {
  const source = persistentSecret("DEVICE_SECRET_KEY", "device-secret-key");
  if (key?.source !== source) {
    key = { source, key: Buffer.from(hkdfSync("sha256", source, "stagecraft", "device-secrets-v1", 32)) };
  }
  return key.key;
}

/** AES-256-GCM with a random 96-bit IV, as `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
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
  return hex ? randomBytes(16).toString("hex") : randomBytes(24).toString("base64url");
}
