// One log line and one histogram observation per HTTP request, written when the answer has gone
// out (or the client went away). The path is reported as its route template, e.g.
// /api/v1/applications/[applicationId]: ids in paths can be secrets (tus upload ids) and are many,
// and the query string is never reported. Who asked is filled in by the code that authenticated
// the request, through the request context (lib/log/logger.mjs).
import fs from "node:fs";
import path from "node:path";
import { CLIENT_IP_HEADER } from "./client-address.mjs";
import { log, requestContext } from "../log/logger.mjs";
import { httpRequestDuration } from "../metrics/instruments.mjs";

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Requests logged at info; pages and their assets only at debug (LOG_LEVEL=debug). */
const isApiPath = (pathname) => /^\/(?:api|v2|v5|metrics)(?:\/|$)/.test(pathname);

/**
 * The route templates of a Next build, from its routes manifest: static routes first, then dynamic
 * ones in the order Next matches them. None before the first build of `next dev`.
 * @param {string} distDir
 * @returns {{ page: string, regex: RegExp }[]}
 */
export function readRoutes(distDir) {
  for (const file of [path.join(distDir, "routes-manifest.json"), path.join(distDir, "dev", "routes-manifest.json")]) {
    try {
      const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
      return [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
    } catch {
      // no build there
    }
  }
  return [];
}

/**
 * The template of a path: Next's route, or a fixed name for what has none, never the path itself.
 * @param {{ page: string, regex: RegExp }[]} routes
 * @param {string} pathname
 */
export function routeTemplate(routes, pathname) {
  if (pathname.startsWith("/_next/")) return "/_next/[asset]";
  if (/^\/v2(?:\/|$)/.test(pathname)) return "/v2/[unknown]";
  return routes.find((r) => r.regex.test(pathname))?.page ?? "[unmatched]";
}

/**
 * Runs `handle(req, res)` inside a fresh request context and reports the request once it ends.
 * `routes()` gives the current route templates (in development they appear as pages compile).
 * @param {() => { page: string, regex: RegExp }[]} routes
 * @returns {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, handle: () => void) => void}
 */
export function observeRequests(routes) {
  return (req, res, handle) => {
    const started = performance.now();
    /** @type {import("../log/logger.mjs").RequestContext} */
    const context = {};
    let reported = false;
    const report = () => {
      if (reported) return;
      reported = true;
      const seconds = (performance.now() - started) / 1000;
      const pathname = (req.url ?? "/").split("?")[0];
      const route = context.route ?? routeTemplate(routes(), pathname);
      // A client may send any method name; the histogram's labels must stay a fixed set.
      const method = KNOWN_METHODS.has(req.method ?? "") ? req.method : "OTHER";
      const aborted = !res.writableFinished;
      const status = res.statusCode;
      httpRequestDuration.observe({ method, route, status: String(status) }, seconds);
      const line = {
        event: "request",
        method,
        route,
        status,
        durationMs: Math.round(seconds * 1000 * 10) / 10,
        ...(context.userId ? { userId: context.userId } : {}),
        address: req.headers[CLIENT_IP_HEADER],
        ...(aborted ? { aborted: true } : {}),
      };
      const level = isApiPath(pathname) ? (status >= 500 ? "error" : "info") : "debug";
      log[level](line, `${method} ${route} ${status}`);
    };
    res.once("finish", report);
    res.once("close", report);
    requestContext.run(context, handle);
  };
}
