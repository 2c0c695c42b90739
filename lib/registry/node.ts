import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { log } from "@/lib/log/logger.mjs";
import { handleRegistryRequest } from "./handler";
import { registryError } from "./responses";

/**
 * Where lib/cli/server.mjs (plain JavaScript, which cannot import this module) leaves the function
 * that takes the registry handler: see `handOverRegistry`.
 */
const HAND_OVER = Symbol.for("stagecraft.registry-handler");

/** Until the database is migrated at start, requests wait; if that failed, they get a 500. */
let ready: Promise<unknown> = Promise.resolve();

/**
 * Gives the HTTP server the registry handler, at start (instrumentation.ts). Its requests wait for
 * `databaseReady`. Outside lib/cli/server.mjs (vitest, a bare `next start`) there is no one to take it.
 */
export function handOverRegistry(databaseReady: Promise<unknown>) {
  const handOver = (globalThis as Record<symbol, unknown>)[HAND_OVER];
  if (typeof handOver !== "function") return;
  ready = databaseReady;
  handOver(serveRegistry);
}

async function answer(req: IncomingMessage): Promise<Response> {
  if (req.method !== "GET" && req.method !== "HEAD") return registryError(405, "UNSUPPORTED");
  try {
    await ready;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    // Only the path and query matter; the Host header is the client's word and is not used.
    return await handleRegistryRequest(new Request(new URL(req.url ?? "/", "http://registry.invalid"), { method: req.method, headers }));
  } catch (error) {
    log.error({ err: error }, "registry request failed");
    return registryError(500, "UNKNOWN");
  }
}

/**
 * The registry endpoint (`/v2`, `/v2/…`) as a plain Node request handler. It runs outside Next's
 * route handlers because those drop `Content-Length` from every answer
 * (next/dist/server/send-response.js): a HEAD of a manifest or blob would not say its size, which
 * clients read, and every blob would go out chunked. Here the handler's headers go out as they are.
 */
export async function serveRegistry(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const response = await answer(req);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    res.end();
    return;
  }
  // A client that goes away mid-blob cancels the file stream, which closes the file.
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream), res).catch(() => res.destroy());
}
