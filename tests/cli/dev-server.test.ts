import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/ports";

// `npm run dev` is `node lib/cli/server.mjs --dev`. In development Next's prepare() waits for
// instrumentation.ts, so the start must not wait for anything that happens only once the server
// listens (the first start's welcome once did, and the server never listened).
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-dev-"));
let server: ReturnType<typeof spawn> | undefined;
let output = "";

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run dev", () => {
  it("listens, answers, and prints the first start's welcome after it listens", { timeout: 150_000 }, async () => {
    const [port, mqttPort] = [await freePort(), await freePort()];
    server = spawn(process.execPath, ["lib/cli/server.mjs", "--dev"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "development", DATA_DIR: dataDir, PORT: String(port), MQTT_PORT: String(mqttPort), SEED_DEMO: "false", LOG_LEVEL: "info", OPERATOR_PASSWORD: "dev-test-Secret-1", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout!.on("data", (chunk: Buffer) => (output += chunk));
    server.stderr!.on("data", (chunk: Buffer) => (output += chunk));

    const deadline = Date.now() + 120_000;
    let status = 0;
    while (Date.now() < deadline && server.exitCode === null) {
      status = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(60_000) }).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status, output).toBe(200);
    // The welcome comes once the server listens, and it comes last.
    await expect.poll(() => output, { timeout: 10_000 }).toContain("Stagecraft is running at");
    expect(output.indexOf("Stagecraft is listening")).toBeGreaterThan(-1);
    expect(output.indexOf("Stagecraft is listening")).toBeLessThan(output.indexOf("Stagecraft is running at"));
    expect(output).not.toContain("dev-test-Secret-1");
  });
});
