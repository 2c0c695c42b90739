// npm run bench:registry — pulling an image through the registry endpoint, against a production server:
//   1. a generated ~1 GiB docker-save archive (random, incompressible layers) is uploaded over tus
//      and validated, as an ISV would;
//   2. skopeo copies it from /v2/ into a directory (dir: transport, the layers as served);
//   3. in the same run, the stored archive is read from disk (the yardstick), and hashed with
//      sha256sum (what any client does to check each blob's digest: skopeo's ceiling);
//   4. curl fetches every layer from /v2/ to /dev/null (the endpoint's own throughput);
//   5. the server's peak RSS during the pull and the fetches.
// BENCH_BYTES overrides the archive size (default 1 GiB), BENCH_LAYERS the layer count (default 4).
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, rssOf, startServer, uploadArchive, waitFor, writeArchive } from "./support.mjs";

// Asynchronous, so that the RSS sampler keeps running while a client works.
const run = promisify(execFile);

const TOTAL = Number(process.env.BENCH_BYTES || 1024 ** 3);
const LAYERS = Number(process.env.BENCH_LAYERS || 4);
const root = path.resolve(import.meta.dirname, "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-bench-"));
const dataDir = path.join(work, "data");
const archive = path.join(work, "docker_bench_v1.0.tar");
const mb = (bytes, ms) => bytes / 1e6 / (ms / 1000);

async function readFile(file) {
  const t0 = performance.now();
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) bytes += chunk.length;
  return { bytes, ms: performance.now() - t0 };
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: base, SEED_DEMO: "false" };
execFileSync(process.execPath, [path.join(root, "lib/cli/start.mjs"), "--build-only"], { cwd: root, stdio: "inherit" });
const { server } = await startServer(root, ["lib/cli/start.mjs"], env, port);
try {
  // The process that serves requests: start.mjs's child (next start).
  const serverPid = Number(execFileSync("pgrep", ["-P", String(server.pid)]).toString().trim().split("\n")[0]);
  const admin = (...args) => execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts", ...args], { cwd: root, env }).toString();
  admin("user", "create", "--email", "bench@bench.local", "--password", "bench-password", "--role", "isv");
  const key = admin("apikey", "create", "--email", "bench@bench.local", "--name", "bench").trim().split("\n").at(-1);

  console.log(`Generating a ${(TOTAL / 1024 ** 3).toFixed(2)} GiB archive with ${LAYERS} layers…`);
  await writeArchive(archive, TOTAL, LAYERS);
  await uploadArchive(base, key, archive);
  const version = await waitFor(async () => {
    const body = await (await fetch(`${base}/api/v1/images`, { headers: { "X-Auth-Token": key } })).json();
    const v = body.images[0]?.versions[0];
    return v && v.status !== "validating" ? v : null;
  }, "validation");
  if (version.status !== "ready") throw new Error(`validation failed: ${version.failureReason}`);
  fs.rmSync(archive);
  const stored = path.join(dataDir, "images", "sha256", fs.readdirSync(path.join(dataDir, "images", "sha256"))[0]);

  // The yardsticks first, then the pull; each reads the same file (warm in the page cache after the upload).
  const disk = await readFile(stored);
  let t0 = performance.now();
  await run("sha256sum", [stored]);
  const shaMs = performance.now() - t0;
  const before = rssOf(serverPid).rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(serverPid).rss)), 50);
  const dir = path.join(work, "pulled");
  const ref = `${new URL(base).host}/bench/bench:v1.0`;
  t0 = performance.now();
  await run("skopeo", ["copy", "--quiet", "--src-tls-verify=false", "--src-creds", `bench@bench.local:${key}`, `docker://${ref}`, `dir:${dir}`]);
  const pullMs = performance.now() - t0;
  const pulledBytes = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
  fs.rmSync(dir, { recursive: true, force: true });
  const manifest = JSON.parse(execFileSync("skopeo", ["inspect", "--raw", "--tls-verify=false", "--creds", `bench@bench.local:${key}`, `docker://${ref}`]).toString());
  t0 = performance.now();
  for (const layer of manifest.layers) {
    await run("curl", ["-sf", "-o", "/dev/null", "-u", `bench@bench.local:${key}`, `${base}/v2/bench/bench/blobs/${layer.digest}`]);
  }
  const curlMs = performance.now() - t0;
  const curlBytes = manifest.layers.reduce((sum, l) => sum + l.size, 0);
  clearInterval(sampler);
  const hwm = rssOf(serverPid).hwm;

  const diskRate = mb(disk.bytes, disk.ms);
  const row = (label, rate, ms) => console.log(`${label.padEnd(40)} ${rate.toFixed(0).padStart(5)} MB/s (${(ms / 1000).toFixed(1)} s), ${(rate / diskRate).toFixed(2)} × the disk read`);
  console.log(`\nstored archive: ${(disk.bytes / 1024 ** 3).toFixed(2)} GiB; pulled: ${(pulledBytes / 1024 ** 3).toFixed(2)} GiB in ${LAYERS} layers`);
  row("reading the stored archive from disk:", diskRate, disk.ms);
  row("skopeo copy from /v2/ to a directory:", mb(pulledBytes, pullMs), pullMs);
  row("sha256sum of the stored archive:", mb(disk.bytes, shaMs), shaMs);
  row("curl of every layer from /v2/:", mb(curlBytes, curlMs), curlMs);
  console.log("(target: the skopeo pull ≥ 0.5 × the disk read; skopeo checks every blob's sha256, so it cannot beat sha256sum)");
  console.log(`server RSS before the pull:               ${(before / 1024 ** 2).toFixed(0)} MB`);
  console.log(`server peak RSS during pull and fetches:  ${(peak / 1024 ** 2).toFixed(0)} MB (sampled every 50 ms; target ≤ 256 MB)`);
  console.log(`server VmHWM over its life:               ${(hwm / 1024 ** 2).toFixed(0)} MB (upload and validation included)`);
} finally {
  server.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}
