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

/** The devices' MQTT port (MQTT_PORT, default 1883; 0 picks a free one, as the tests do). */
export function mqttPort(): number {
  const port = Number(process.env.MQTT_PORT || 1883);
  return Number.isInteger(port) && port >= 0 && port < 65536 ? port : 1883;
}

/** MQTT over TLS when MQTT_TLS_CERT and MQTT_TLS_KEY name PEM files; port MQTT_TLS_PORT, default 8883. */
export function mqttTlsSettings(): { port: number; certFile: string; keyFile: string } | null {
  const { MQTT_TLS_CERT: certFile, MQTT_TLS_KEY: keyFile, MQTT_TLS_PORT: port } = process.env;
  if (!certFile || !keyFile) return null;
  return { port: Number(port || 8883), certFile, keyFile };
}

/** Days devices' messages are kept (MQTT_RETENTION_DAYS, default 7). */
export function mqttRetentionDays(): number {
  const days = Number(process.env.MQTT_RETENTION_DAYS);
  return Number.isFinite(days) && days > 0 ? days : 7;
}

/** The address devices' apps and clusters reach this server at (PUBLIC_URL; default this machine). */
export function publicUrl(): string {
  return (process.env.PUBLIC_URL || `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

/** How long a registry pull token lasts (REGISTRY_TOKEN_TTL_SECONDS, default one hour). */
export function registryTokenTtlMs(): number {
  const seconds = Number(process.env.REGISTRY_TOKEN_TTL_SECONDS);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000;
}

/** The bearer token Prometheus sends to /metrics (METRICS_TOKEN); unset, /metrics answers 404. */
export function metricsToken(): string | null {
  return process.env.METRICS_TOKEN?.trim() || null;
}
