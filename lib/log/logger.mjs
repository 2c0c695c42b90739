// The one logger of a server process, shared by lib/cli/server.mjs (plain Node) and the code Next
// bundles (several bundles, each with its own copy of this module): it lives on globalThis, as does
// the per-request context the request log reads. Plain JavaScript so that server.mjs can import it.
import { AsyncLocalStorage } from "node:async_hooks";
import { createLogger } from "./create.mjs";

const LOGGER = Symbol.for("stagecraft.logger");
const CONTEXT = Symbol.for("stagecraft.request-context");

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
