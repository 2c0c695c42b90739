import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { preparedQuery } from "@/db";
import { openSecret } from "@/lib/secrets/seal";

/** IoTDA's client ID: `{device_id}_0_{0|1}_{YYYYMMDDHH}`; device IDs hold underscores, so it is read from the end. */
const CLIENT_ID = /^(.+)_0_([01])_(\d{4})(\d{2})(\d{2})(\d{2})$/;
const HOUR = 3_600_000;

export type ParsedClientId = { deviceId: string; checkTime: boolean; timestamp: string; hourMs: number };

export function parseClientId(clientId: string): ParsedClientId | null {
  const m = CLIENT_ID.exec(clientId);
  if (!m) return null;
  const [, deviceId, flag, y, mo, d, h] = m;
  const hourMs = Date.UTC(+y, +mo - 1, +d, +h);
  // Date.UTC rolls "2025023125" over into March; a timestamp that does not round-trip is malformed.
  const back = new Date(hourMs);
  if (back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || back.getUTCHours() !== +h) return null;
  return { deviceId, checkTime: flag === "1", timestamp: `${y}${mo}${d}${h}`, hourMs };
}

/** IoTDA's password: HMAC-SHA256 keyed by the timestamp over the secret, lowercase hex. */
export function iotdaPassword(secret: string, timestamp: string): string {
  return createHmac("sha256", timestamp).update(secret).digest("hex");
}

/** IoTDA's client ID and password for a device at a moment (used by tests and the benchmark). */
export function iotdaCredentials(deviceId: string, secret: string, at = new Date(), checkTime = true) {
  const timestamp = at.toISOString().replace(/\D/g, "").slice(0, 10);
  return { clientId: `${deviceId}_0_${checkTime ? 1 : 0}_${timestamp}`, username: deviceId, password: iotdaPassword(secret, timestamp) };
}

export type AuthenticatedDevice = { seq: number; id: string };

type DeviceRow = { seq: number; id: string; authType: string; secretEnc: string | null; fingerprint: string | null };

/**
 * Every connect reads its device (a reconnect storm, thousands a second): plain SQL prepared once
 * per database handle, as the message store does, without the query builder's mapping.
 */
const deviceById = preparedQuery((db) =>
  db.$client.prepare<[string], DeviceRow>(`select seq, id, auth_type as authType, secret_enc as secretEnc, fingerprint from devices where id = ?`),
);

/** About 8 MB at most: a reconnect storm of this many devices still finds each one's secret unsealed. */
const MAX_UNSEALED = 20_000;
const unsealed = new Map<string, { sealed: string; secret: string }>();

/**
 * The device's secret in clear. Unsealing (AES-GCM) cost more than the rest of an authentication,
 * and a reconnect storm brings the same devices back, so what a sealed value opens to is kept, by
 * device and under that very value: the row itself is still read at every connect, so a reset
 * secret (a new sealed value) or a deleted device (no row) is refused at once, whichever process
 * changed it, and a sealed value copied into another device's row is still opened for that device
 * (where its associated data refuses it).
 */
function secretOf(deviceId: string, sealed: string): string {
  const known = unsealed.get(deviceId);
  if (known?.sealed === sealed) return known.secret;
  const secret = openSecret("device-secret", deviceId, sealed);
  unsealed.delete(deviceId);
  if (unsealed.size >= MAX_UNSEALED) unsealed.delete(unsealed.keys().next().value!); // the oldest
  unsealed.set(deviceId, { sealed, secret });
  return secret;
}

/**
 * Drops the secrets kept for these devices (deleted, or given a new secret): a secret that no
 * longer opens anything is not kept in clear until newer ones push it out.
 */
export function forgetDeviceSecrets(deviceIds: readonly string[]): void {
  for (const id of deviceIds) unsealed.delete(id);
}

/**
 * The device these credentials prove, or null. Every failure is the same null: the caller answers
 * "bad username or password" whether the ID, the clock or the HMAC was wrong. `certificate` holds
 * the lowercase hex SHA-256 and SHA-1 fingerprints of a TLS client certificate, when one was shown.
 */
export function authenticateDevice(
  clientId: string,
  username: string | undefined,
  password: Buffer | undefined,
  now = Date.now(),
  certificate: string[] = [],
): AuthenticatedDevice | null {
  const parsed = parseClientId(clientId);
  if (!parsed || username !== parsed.deviceId) return null;
  // The timestamp names an hour; "within one hour" compares it with the server's current hour.
  if (parsed.checkTime && Math.abs(Math.floor(now / HOUR) * HOUR - parsed.hourMs) > HOUR) return null;
  const device = deviceById().get(parsed.deviceId);
  if (!device) return null;
  // A certificate device proves itself with the certificate alone; a password never stands in for it.
  if (device.authType === "CERTIFICATES") return device.fingerprint && certificate.includes(device.fingerprint) ? { seq: device.seq, id: device.id } : null;
  if (!device.secretEnc || !password) return null;
  let expected: Buffer;
  try {
    expected = Buffer.from(iotdaPassword(secretOf(device.id, device.secretEnc), parsed.timestamp));
  } catch {
    return null; // encrypted under another master key: the device cannot prove anything
  }
  if (password.length !== expected.length || !timingSafeEqual(password, expected)) return null;
  return { seq: device.seq, id: device.id };
}
