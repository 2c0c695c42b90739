// A Stagecraft server of a test's own, from the production build that tests/e2e/run.ts made: started
// as `npm start` starts it (lib/cli/start.mjs, which finds the build current and does not rebuild),
// with its own DATA_DIR and free ports, its output collected. `args` starts it otherwise, such as
// `npm run dev` does (lib/cli/server.mjs --dev).
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./ports";

export type ServerProcess = {
  child: ChildProcess;
  base: string;
  port: number;
  mqttPort: number;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
  /** Resolves with its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Sends SIGKILL if it still runs (for cleanup). */
  kill: () => void;
};

export async function startServerProcess(dataDir: string, env: Record<string, string> = {}, args = ["lib/cli/start.mjs"]): Promise<ServerProcess> {
  const port = await freePort();
  const mqttPort = await freePort();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), MQTT_PORT: String(mqttPort), SEED_DEMO: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const server = { child, base, port, mqttPort, output: () => output, exited, kill: () => void child.kill("SIGKILL") };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return server;
    if (Date.now() > deadline) {
      server.kill();
      throw new Error(`the server did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
