/**
 * Runs once when a server process starts: the database is migrated and seeded before any request,
 * then the background worker and the MQTT listener start.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrap } = await import("./db/seed");
  const { handOverRegistry } = await import("./lib/registry/node");
  // lib/cli/server.mjs serves the registry endpoint beside Next: it takes the handler here, and
  // registry requests wait for the database as Next's requests wait for this function.
  const booted = bootstrap();
  handOverRegistry(booted);
  const created = await booted;
  const { wireDomains } = await import("./lib/wiring");
  const { startWorker } = await import("./lib/jobs/worker");
  wireDomains();
  // Versions validated before the registry endpoint existed get their manifests in the background.
  const { enqueueRegistryBackfill } = await import("./lib/registry/backfill-job");
  enqueueRegistryBackfill();
  startWorker();
  // Its sockets close with the process; devices it left online are set offline when it starts again.
  // A port already taken must not take the web app down with it: the error is logged instead.
  const { startMqtt } = await import("./lib/mqtt/server");
  const { log } = await import("./lib/log/logger.mjs");
  const broker = await startMqtt().catch((error) => log.error({ err: error }, "MQTT listener not started"));
  // What lib/cli/server.mjs runs on SIGTERM, once it stopped taking requests.
  const { handOverShutdown } = await import("./lib/shutdown");
  handOverShutdown();
  // What this start created (accounts with their passwords, a simulated target): lib/cli/server.mjs
  // prints it as the last thing of the start (lib/cli/welcome.mjs), once it listens. Not awaited:
  // in development Next's prepare() waits for this function, and the server listens only after it.
  const welcome = (globalThis as Record<symbol, unknown>)[Symbol.for("stagecraft.welcome")];
  if (typeof welcome === "function") {
    Promise.resolve(welcome({ ...created, mqttPort: broker?.port ?? null })).catch((error) => log.error({ err: error }, "welcome not printed"));
  }
}
