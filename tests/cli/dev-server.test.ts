import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../support/server-process";

// `npm run dev` is `node lib/cli/server.mjs --dev`. In development Next's prepare() waits for
// instrumentation.ts, so the start must not wait for anything that happens only once the server
// listens (the first start's welcome once did, and the server never listened).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-dev-"));
let server: ServerProcess | undefined;

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run dev", () => {
  it("listens, answers, and prints the first start's welcome after it listens", { timeout: 150_000 }, async () => {
    server = await startServerProcess(
      dataDir,
      { NODE_ENV: "development", LOG_LEVEL: "info", OPERATOR_PASSWORD: "dev-test-Secret-1", NEXT_TELEMETRY_DISABLED: "1" },
      ["lib/cli/server.mjs", "--dev"],
    );
    const status = (await fetch(`${server.base}/api/health`)).status;
    expect(status, server.output()).toBe(200);
    // The welcome comes once the server listens, and it comes last.
    await expect.poll(() => server!.output(), { timeout: 10_000 }).toContain("Stagecraft is running at");
    const output = server.output();
    expect(output.indexOf("Stagecraft is listening")).toBeGreaterThan(-1);
    expect(output.indexOf("Stagecraft is listening")).toBeLessThan(output.indexOf("Stagecraft is running at"));
    expect(output).not.toContain("dev-test-Secret-1");
  });
});
