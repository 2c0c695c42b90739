// How a logger is made: JSON lines, or readable lines on a terminal. lib/log/logger.mjs makes the
// process's one logger with it; tests make their own to read what is logged.
import pino from "pino";
import pretty from "pino-pretty";

/**
 * Field names whose values never reach a log line, wherever a caller put them: a last guard, since
 * callers are meant never to pass secrets at all.
 */
const REDACT = ["password", "secret", "token", "authorization", "cookie", "apiKey", "key"].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/**
 * A pino logger at `level` (LOG_LEVEL, default info): JSON lines, or readable colored lines when
 * `destination` is a terminal. pino-pretty runs as a stream in this thread, not as a worker-thread
 * transport, which Next's bundles cannot start.
 * @param {{ level?: string, destination?: import("node:stream").Writable & { isTTY?: boolean } }} [options]
 * @returns {import("pino").Logger}
 */
export function createLogger({ level = process.env.LOG_LEVEL || "info", destination = process.stdout } = {}) {
  const known = level === "silent" || level in pino.levels.values;
  /** @type {import("pino").LoggerOptions} */
  const options = {
    level: known ? level : "info",
    redact: { paths: REDACT, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"warn" rather than pino's 40: what people grep for and log shippers map.
    formatters: { level: (label) => ({ level: label }) },
  };
  const logger = destination.isTTY
    ? pino(options, pretty({ destination, colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", sync: true }))
    : pino(options, destination);
  if (!known) logger.warn({ LOG_LEVEL: level }, "LOG_LEVEL is not a pino level (trace, debug, info, warn, error, fatal, silent); logging at info");
  return logger;
}
