import { Writable } from "node:stream";
import { createLogger } from "@/lib/log/create.mjs";

const LOGGER = Symbol.for("stagecraft.logger");

/** A real logger (JSON lines, debug and up) writing into memory: the raw lines and their parsed objects. */
export function logSink() {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { raw, lines, logger: createLogger({ level: "debug", destination }) };
}

/**
 * Makes the process's logger (lib/log/logger.mjs) one that writes into memory. Must run before
 * anything imports that module: call it from `vi.hoisted`.
 */
export function captureProcessLog() {
  const sink = logSink();
  const globals = globalThis as unknown as Record<symbol, unknown>;
  if (globals[LOGGER]) throw new Error("the process logger exists already: capture the log from vi.hoisted");
  globals[LOGGER] = sink.logger;
  return sink;
}
