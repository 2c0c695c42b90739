// npm run bench:upload — the image upload path end to end, against a production server:
//   1. tus-js-client uploads a generated 2 GiB docker archive to /api/uploads over loopback;
//   2. the same bytes go to a bare Node http server (another process) that streams them to a file;
//   3. the server validates the archive; the time is compared with `sha256sum` of the same file;
//   4. the server's peak RSS during all of it.
// BENCH_BYTES overrides the archive size (default 2 GiB).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort, rssOf, startStagecraft, uploadArchive, waitFor, writeArchive } from "./support.mjs";

const TOTAL = Number(process.env.BENCH_BYTES || 2 * 1024 ** 3);
const root = path.resolve(import.meta.dirname, "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-bench-"));
const dataDir = path.join(work, "data");
const archive = path.join(work, "docker_bench_v1.0.tar");
const mb = (bytes, ms) => (bytes / 1e6 / (ms / 1000)).toFixed(0);

const { server, base, env } = await startStagecraft(root, dataDir);
try {
  // start.mjs runs server.mjs in its own process.
  const serverPid = server.pid;
  const admin = (...args) => execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts", ...args], { cwd: root, env }).toString();
  admin("user", "create", "--email", "bench@bench.local", "--password", "bench-password", "--role", "isv");
  const key = admin("apikey", "create", "--email", "bench@bench.local", "--name", "bench").trim().split("\n").at(-1);

  console.log(`Generating a ${(TOTAL / 1024 ** 3).toFixed(2)} GiB archive…`);
  await writeArchive(archive, TOTAL);
  const size = fs.statSync(archive).size;

  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(serverPid).rss)), 100);

  let t0 = performance.now();
  await uploadArchive(base, key, archive);
  const uploadMs = performance.now() - t0;
  t0 = performance.now();
  const version = await waitFor(async () => {
    const body = await (await fetch(`${base}/api/v1/images`, { headers: { "X-Auth-Token": key } })).json();
    const v = body.images[0]?.versions[0];
    return v && v.status !== "validating" ? v : null;
  }, "validation");
  const validateMs = performance.now() - t0;
  clearInterval(sampler);
  if (version.status !== "ready") throw new Error(`validation failed: ${version.failureReason}`);
  const hwm = rssOf(serverPid).hwm;

  // The same bytes to a bare Node http server in its own process.
  const barePort = await freePort();
  const bareFile = path.join(work, "bare.bin");
  const bare = spawn(process.execPath, ["-e", `
    const fs = require("node:fs"); const { pipeline } = require("node:stream/promises");
    require("node:http").createServer(async (req, res) => { await pipeline(req, fs.createWriteStream(${JSON.stringify(bareFile)})); res.end("ok"); })
      .listen(${barePort}, "127.0.0.1", () => console.log("ready"));`], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((r) => bare.stdout.once("data", r));
  t0 = performance.now();
  await new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: barePort, method: "PUT", headers: { "content-length": size } }, (res) => {
      res.resume();
      res.on("end", resolve);
    });
    req.on("error", reject);
    fs.createReadStream(archive).pipe(req);
  });
  const bareMs = performance.now() - t0;
  bare.kill();

  t0 = performance.now();
  execFileSync("sha256sum", [archive]);
  const shaMs = performance.now() - t0;

  const tusRate = mb(size, uploadMs);
  const bareRate = mb(size, bareMs);
  console.log(`\nfile: ${(size / 1024 ** 3).toFixed(2)} GiB`);
  console.log(`tus upload through /api/uploads: ${tusRate} MB/s (${(uploadMs / 1000).toFixed(1)} s)`);
  console.log(`bare Node http to a file:        ${bareRate} MB/s (${(bareMs / 1000).toFixed(1)} s)`);
  console.log(`ratio tus / bare:                ${(tusRate / bareRate).toFixed(2)} (target ≥ 0.5)`);
  console.log(`validation (upload end → ready): ${(validateMs / 1000).toFixed(1)} s`);
  console.log(`sha256sum of the same file:      ${(shaMs / 1000).toFixed(1)} s`);
  console.log(`validation / sha256sum:          ${(validateMs / shaMs).toFixed(2)} (target ≤ 1.5)`);
  console.log(`server peak RSS (sampled):       ${(peak / 1024 ** 2).toFixed(0)} MB; VmHWM over its life: ${(hwm / 1024 ** 2).toFixed(0)} MB (target ≤ 256 MB)`);
} finally {
  server.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}
