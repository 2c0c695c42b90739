// The one logger of a server process, shared by lib/cli/server.mjs (plain Node) and the code Next
// bundles (several bundles, each with its own copy of this module): it lives on globalThis, as does
// the per-request context the request log reads. Plain JavaScript so that server.mjs can import it.
import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";
import pretty from "pino-pretty";

const LOGGER = Symbol.for("stagecraft.logger");
const CONTEXT = Symbol.for("stagecraft.request-context");

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
  };
  const logger = destination.isTTY
    ? pino(options, pretty({ destination, colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", sync: true }))
    : pino(options, destination);
  if (!known) logger.warn({ level }, "LOG_LEVEL is not a pino level (trace, debug, info, warn, error, fatal, silent); logging at info");
  return logger;
}

const globals = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis));

/** @type {import("pino").Logger} */
export const log = /** @type {import("pino").Logger} */ ((globals[LOGGER] ??= createLogger()));

/**
 * What the request log line says about the request being answered; lib/cli/server.mjs opens one
 * per request and whoever learns something fills it in.
 * @typedef {{ userId?: string, route?: string }} RequestContext
 */

/** @type {AsyncLocalStorage<RequestContext>} */
export const requestContext = /** @type {AsyncLocalStorage<RequestContext>} */ ((globals[CONTEXT] ??= new AsyncLocalStorage()));

/**
 * Names who made the current request (an account id, or `deployment:<id>` for a pull token), for
 * its log line. Outside a request (the worker, tests) it does nothing.
 * @param {string} userId
 */
export function setRequestUser(userId) {
  const context = requestContext.getStore();
  if (context) context.userId = userId;
}

/**
 * Names the current request's path template (e.g. `/v2/[name]/blobs/[digest]`) when Next's route
 * manifest cannot, as for the registry under /v2.
 * @param {string} route
 */
export function setRequestRoute(route) {
  const context = requestContext.getStore();
  if (context) context.route = route;
}
