// What the benchmark scripts share: ports, waiting, starting the server, the server's memory from
// /proc, a generated docker-save archive and its tus upload.
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tar from "tar-stream";
import * as tus from "tus-js-client";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The p-th percentile of `values` (nearest rank); NaN when there are none. */
export const percentile = (values, p) => (values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] : NaN);
export const ms = (n) => `${n.toFixed(1)} ms`;

/** A JSON client of the /api/v1 and /v5 APIs with an API key; a non-2xx answer throws. */
export function apiClient(base, key) {
  return async (method, url, body) => {
    const form = body instanceof FormData;
    const response = await fetch(`${base}${url}`, {
      method,
      headers: body && !form ? { "X-Auth-Token": key, "content-type": "application/json" } : { "X-Auth-Token": key },
      body: form ? body : body && JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** Logs in like a browser (Auth.js credentials endpoint); returns the Cookie header of the session. */
export async function signIn(base, email, password) {
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrfResponse.json();
  const cookie = csrfResponse.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const login = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, }),
  });
  const session = [cookie, ...login.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
  if (!session.includes("session-token")) throw new Error(`sign-in failed (${login.status})`);
  return session;
}

/** Polls `check` every 100 ms until it returns something truthy, which it returns. */
export async function waitFor(check, what, timeoutMs = 600_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

/** A process's resident memory now and its peak (VmHWM), in bytes. */
export function rssOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? 0);
  return { rss: kb("VmRSS") * 1024, hwm: kb("VmHWM") * 1024 };
}

/** One ustar header block for a regular file (mode 0644, owned by root), checksum included. */
function fileHeader(name, size) {
  const block = Buffer.alloc(512);
  const field = (at, width, text) => block.write(text, at, width, "latin1");
  const octal = (at, width, value) => field(at, width, `${value.toString(8).padStart(width - 1, "0")}\0`);
  field(0, 100, name);
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, 1_700_000_000);
  block.fill(0x20, 148, 156);
  field(156, 1, "0");
  field(257, 8, "ustar\u000000");
  let sum = 0;
  for (const byte of block) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return block;
}

const LAYER_FILE = 256 * 1024;

/**
 * A valid docker-save archive of about `totalBytes`: `layers` layers, each a real tar of 256 KiB
 * files of random (incompressible) bytes, as Docker would load and validation now checks; then the
 * config and the manifest, tagged bench:v1.0. Returns the layers' DiffIDs.
 */
export async function writeArchive(file, totalBytes, layers = 1) {
  const filesPerLayer = Math.max(1, Math.floor((totalBytes - 64 * 1024) / layers / (512 + LAYER_FILE)));
  const layerSize = filesPerLayer * (512 + LAYER_FILE) + 1024; // two zero blocks end the tar
  const pack = tar.pack();
  const out = fs.createWriteStream(file);
  pack.pipe(out);
  const diffIds = [];
  for (let i = 0; i < layers; i++) {
    // A random chunk per layer, cut into files at shifting offsets to keep generation quick:
    // layers must differ, or a client fetches the one shared blob once.
    const chunk = randomBytes(4 * 1024 * 1024);
    const hash = createHash("sha256");
    const layer = pack.entry({ name: `layer${i}/layer.tar`, size: layerSize });
    const write = async (part) => {
      hash.update(part);
      if (!layer.write(part)) await new Promise((r) => layer.once("drain", r));
    };
    for (let f = 0; f < filesPerLayer; f++) {
      const at = ((f * 7919) % 15) * LAYER_FILE;
      await write(fileHeader(`app/data/${i}-${f}.bin`, LAYER_FILE));
      await write(chunk.subarray(at, at + LAYER_FILE));
    }
    await write(Buffer.alloc(1024));
    layer.end();
    diffIds.push(`sha256:${hash.digest("hex")}`);
  }
  const config = JSON.stringify({ os: "linux", architecture: "amd64", rootfs: { type: "layers", diff_ids: diffIds } });
  pack.entry({ name: "config.json" }, config);
  const layerNames = diffIds.map((_, i) => `layer${i}/layer.tar`);
  pack.entry({ name: "manifest.json" }, JSON.stringify([{ Config: "config.json", RepoTags: ["bench:v1.0"], Layers: layerNames }]));
  pack.finalize();
  await new Promise((r) => out.on("close", r));
  return diffIds;
}

/**
 * Runs `node …args` in the project with `env` and waits until /api/health answers on `port`
 * (a first build included); returns the child process and the server's base URL.
 */
export async function startServer(root, args, env, port) {
  // BENCH_CPU_PROF_DIR: the server writes a V8 CPU profile there when it stops (chrome://inspect, or speedscope).
  const profile = process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  const server = spawn(process.execPath, [...profile, ...args], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(() => fetch(`${base}/api/health`).then((r) => r.ok, () => false), "server start", 120_000);
  } catch (error) {
    server.kill("SIGTERM");
    throw error;
  }
  return { server, base };
}

/**
 * The server `npm start` runs (lib/cli/start.mjs, which runs lib/cli/server.mjs in its own process,
 * so `server.pid` is the server's), on a free HTTP port and a free MQTT_PORT, without demo accounts.
 * Builds first when the build is stale. `env` adds to or overrides the environment; `port` is the
 * HTTP port when the caller needs it before the start (for PUBLIC_URL).
 */
export async function startStagecraft(root, dataDir, env = {}, port = undefined) {
  execFileSync(process.execPath, [path.join(root, "lib/cli/start.mjs"), "--build-only"], { cwd: root, stdio: "inherit" });
  port ??= await freePort();
  const mqttPort = await freePort();
  const fullEnv = { ...process.env, NODE_ENV: "production", DATA_DIR: dataDir, PORT: String(port), MQTT_PORT: String(mqttPort), SEED_DEMO: "false", OPERATOR_PASSWORD: "bench-operator-1", ...env };
  const { server, base } = await startServer(root, ["lib/cli/start.mjs"], fullEnv, port);
  return { server, base, port, mqttPort, env: fullEnv };
}

/** Stops a server started above and waits for it to exit. */
export async function stopServer(server) {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await exited;
}

/** A static file of the build's own (its smallest JavaScript chunk), with its size, for comparison. */
export function staticChunk(root) {
  const dir = path.join(root, ".next/static/chunks");
  const [file] = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .map((f) => ({ name: f, size: fs.statSync(path.join(dir, f)).size }))
    .sort((a, b) => a.size - b.size || a.name.localeCompare(b.name));
  return { path: `/_next/static/chunks/${file.name}`, size: file.size };
}

/** The machine's load, to print beside every figure. */
export function machineLoad() {
  return `${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (1 / 5 / 15 min)`;
}

/** Uploads a file over tus to /api/uploads with an API key, as an ISV's browser does. */
export function uploadArchive(base, key, file) {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(fs.createReadStream(file), {
      endpoint: `${base}/api/uploads`,
      uploadSize: fs.statSync(file).size,
      headers: { "X-Auth-Token": key },
      metadata: { filename: path.basename(file) },
      retryDelays: null,
      onSuccess: resolve,
      onError: reject,
    });
    upload.start();
  });
}
