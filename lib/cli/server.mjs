// The HTTP server `npm start` runs (through start.mjs) and `npm run dev` runs with --dev: Next's
// request handler for everything but the registry endpoint under /v2/, which is a plain Node
// handler the app hands over when it starts (instrumentation.ts → lib/registry/node.ts). Next's
// route handlers drop Content-Length from their answers, and registry clients read it.
import http from "node:http";
import path from "node:path";
import v8 from "node:v8";
import next from "next";
import { log } from "../log/logger.mjs";
import { stampClientAddress, trustedProxies } from "./client-address.mjs";
import { compressWhole } from "./compress.mjs";
import { markRouterRequest } from "./router-request.mjs";
import { welcomeBlock } from "./welcome.mjs";
import { observeRequests, readRoutes } from "./request-log.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const isRegistryPath = (url) => /^\/v2(?:[/?]|$)/.test(url);
// Read before anything starts, so a malformed TRUSTED_PROXIES stops the server with its reason.
const trust = trustedProxies(process.env.TRUSTED_PROXIES);

// Next runs instrumentation.ts as it starts, which hands the registry handler over through this
// function (lib/registry/node.ts, handOverRegistry); registry requests that come earlier wait.
let handOver;
const registry = new Promise((resolve) => (handOver = resolve));
globalThis[Symbol.for("stagecraft.registry-handler")] = handOver;

// The first start ends with the accounts it created and what to do next: instrumentation.ts calls
// this once its start is done, and it prints once the server listens (in development Next's
// prepare() runs instrumentation.ts before that, in production after); later starts create no
// accounts and print nothing more.
let markListening;
const listening = new Promise((resolve) => (markListening = resolve));
globalThis[Symbol.for("stagecraft.welcome")] = async (created) => {
  await listening;
  if (!created.accounts.length) return;
  const url = (process.env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, "");
  console.log(welcomeBlock({ url, ...created }));
};

process.title = "stagecraft-server";
// V8 lets a small heap grow to about three times what the last full collection kept before it
// collects again. A batch registration's rows are short-lived but outlive the young generation,
// so 100,000 rows took the server from 144 MB to 380–450 MB. Growing by half at most keeps it at
// ~275 MB for the same run and speed (bench:devices).
v8.setFlagsFromString("--heap-growing-percent=50");
const app = next({ dev, dir: root, port });
const handle = app.getRequestHandler();
await app.prepare();

// Headers for every answer, whoever writes it (Next, the registry, tus uploads). Pages also get a
// Content-Security-Policy with a nonce from proxy.ts; everything outside the proxy's matcher (/api,
// /v2, /v5, /metrics: JSON, media, blobs, text) gets one that runs and embeds nothing. HSTS only
// over https, which here means a TLS-terminating reverse proxy saying so (browsers ignore HSTS over plain http anyway).
const STATIC_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "X-Frame-Options": "DENY",
};
const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const isNonPagePath = (url) => /^\/(?:api|v2|v5|metrics)(?:[/?]|$)/.test(url);
function setSecurityHeaders(req, res) {
  for (const [name, value] of Object.entries(STATIC_HEADERS)) res.setHeader(name, value);
  if (isNonPagePath(req.url ?? "")) res.setHeader("Content-Security-Policy", NON_PAGE_CSP);
  const https = req.socket.encrypted || req.headers["x-forwarded-proto"]?.split(",")[0].trim() === "https";
  if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

// Route templates for the request log (lib/cli/request-log.mjs): from the build's manifest; in
// development pages compile as they are first asked for, so the manifest is read again now and then.
const distDir = path.join(root, ".next");
let routes = readRoutes(distDir);
let routesRead = Date.now();
const currentRoutes = () => {
  if (dev && Date.now() - routesRead > 2000) [routes, routesRead] = [readRoutes(distDir), Date.now()];
  return routes;
};
const observe = observeRequests(currentRoutes);

// Requests being answered, for the drain at shutdown.
const inFlight = new Set();
let stopping = false;

const server = http.createServer((req, res) => {
  inFlight.add(res);
  res.once("close", () => {
    inFlight.delete(res);
    if (stopping) server.closeIdleConnections();
  });
  // While stopping, no connection is kept open for a next request.
  if (stopping) res.setHeader("Connection", "close");
  // Next fills X-Forwarded-For only when it is absent, so a client could name any address there;
  // the login limit and the API limits read this header instead (lib/auth/client-address.ts).
  stampClientAddress(req, trust);
  markRouterRequest(req);
  setSecurityHeaders(req, res);
  observe(req, res, () => {
    if (isRegistryPath(req.url ?? "")) registry.then((serveRegistry) => serveRegistry(req, res)).catch(() => res.destroy());
    else {
      compressWhole(req, res);
      handle(req, res);
    }
  });
});
// An image upload of gigabytes is one tus PATCH: Node's default would cut any request at 5 minutes
// (the browser then resumes it). Instead a connection is closed only after 5 silent minutes.
server.requestTimeout = 0;
server.timeout = 5 * 60_000;
if (dev) server.on("upgrade", app.getUpgradeHandler()); // hot reload
server.listen(port, () => {
  log.info({ port }, `Stagecraft is listening on http://localhost:${port}${dev ? " (development)" : ""}`);
  markListening();
});

// Stopping (SIGTERM from `docker stop` or systemd, SIGINT from Ctrl-C): no new connection; requests
// in flight may finish for up to SHUTDOWN_TIMEOUT_SECONDS (default 20) while the worker stops after
// its current step and releases its jobs; then devices' MQTT connections close, the WAL is
// checkpointed into the database file, and the process exits 0. A second signal exits at once.
const shutdownMs = (Number(process.env.SHUTDOWN_TIMEOUT_SECONDS) || 20) * 1000;
const say = (message) => log.info({ event: "shutdown" }, `[shutdown] ${message}`);
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

async function drainRequests(deadline) {
  while (inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const cut = inFlight.size;
  server.closeAllConnections();
  return cut;
}

async function shutDown(signal) {
  stopping = true;
  const started = Date.now();
  const deadline = started + shutdownMs;
  server.close();
  server.closeIdleConnections();
  for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
  say(`${signal}: no new connections; ${plural(inFlight.size, "request")} in flight, given up to ${shutdownMs / 1000} s`);
  // Set by instrumentation.ts once the app has started (lib/shutdown.ts); absent before that.
  const steps = globalThis[Symbol.for("stagecraft.shutdown")];
  const [cut, work] = await Promise.all([drainRequests(deadline), steps?.stopWork(Math.max(deadline - Date.now(), 1000))]);
  say(cut ? `${plural(cut, "request")} still running after ${shutdownMs / 1000} s were cut off` : "requests in flight answered");
  if (work && work.ended + work.cutOff === 0) say("worker stopped; no job was running");
  else if (work) say(`worker stopped: ${plural(work.ended, "job")} finished or stopped after a step, ${plural(work.cutOff, "job")} cut off; all go on at the next start`);
  if (steps) {
    const db = await steps.close();
    say("MQTT connections closed");
    say(db.busy ? `database closed; part of the WAL is still in use by another process` : `WAL checkpointed (${plural(db.pages, "page")}) and database closed`);
  }
  say(`stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(0);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (!stopping) {
      shutDown(signal).catch((error) => {
        log.error({ event: "shutdown", err: error }, "[shutdown] failed");
        process.exit(1);
      });
    } else {
      say(`${signal} again: exiting now`);
      process.exit(1);
    }
  });
}
