// `npm run test:e2e`: builds if the source changed, starts a Docker Engine of its own for the
// deployment tests, then runs Playwright against the production build on a free port with a fresh
// DATA_DIR; everything is removed afterwards.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDockerd } from "../support/dockerd";
import { freePort } from "../support/ports";

const build = spawnSync(process.execPath, ["lib/cli/start.mjs", "--build-only", "--strict"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const engine = await startDockerd();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-e2e-"));
const port = await freePort();
const mqttPort = await freePort();
const result = spawnSync(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, E2E_PORT: String(port), MQTT_PORT: String(mqttPort), DATA_DIR: dataDir, DOCKER_SOCKET: engine.socketPath },
});
await engine.stop();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
