import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";

/** A value as the v1 code sealed it: one key for everything (label device-secrets-v1), no associated data. */
export function sealV1(master: string, plain: string): string {
  const key = Buffer.from(hkdfSync("sha256", master, "stagecraft", "device-secrets-v1", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}
