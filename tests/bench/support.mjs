// What the benchmark scripts share: ports, waiting, starting the server, the server's memory from
// /proc, a generated docker-save archive and its tus upload.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
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

/**
 * A valid docker-save archive of about `totalBytes`: `layers` random (incompressible) layers, the
 * config and the manifest, tagged bench:v1.0. Returns the layers' DiffIDs.
 */
export async function writeArchive(file, totalBytes, layers = 1) {
  const layerSize = Math.floor((totalBytes - 64 * 1024) / layers);
  const pack = tar.pack();
  const out = fs.createWriteStream(file);
  pack.pipe(out);
  const diffIds = [];
  for (let i = 0; i < layers; i++) {
    // A random chunk per layer, repeated to keep generation quick: layers must differ, or a client
    // fetches the one shared blob once.
    const chunk = randomBytes(4 * 1024 * 1024);
    const hash = createHash("sha256");
    const layer = pack.entry({ name: `layer${i}/layer.tar`, size: layerSize });
    for (let left = layerSize; left > 0; left -= chunk.length) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
      hash.update(part);
      if (!layer.write(part)) await new Promise((r) => layer.once("drain", r));
    }
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
  const server = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(() => fetch(`${base}/api/health`).then((r) => r.ok, () => false), "server start", 120_000);
  } catch (error) {
    server.kill("SIGTERM");
    throw error;
  }
  return { server, base };
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
