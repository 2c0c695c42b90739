// npm run bench:registry — pulling an image through the registry endpoint, against a production server:
//   1. a generated ~1 GiB docker-save archive (random, incompressible layers) is uploaded over tus
//      and validated, as an ISV would;
//   2. the yardsticks: the stored archive read from disk, cold (when run as root, which may empty
//      the page cache) and warm; and skopeo copying the stored archive itself into a directory
//      (its own ceiling: it checks every blob's sha256, with no server in between);
//   3. skopeo copies the image from /v2/ into a directory (dir: transport, the layers as served),
//      with the archive in the page cache, then again after emptying it;
//   4. curl fetches every layer from /v2/ to /dev/null (the endpoint's own throughput);
//   5. the server's peak RSS during the pulls and the fetches.
// BENCH_BYTES overrides the archive size (default 1 GiB), BENCH_LAYERS the layer count (default 4).
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, rssOf, startStagecraft, uploadArchive, waitFor, writeArchive } from "./support.mjs";

// Asynchronous, so that the RSS sampler keeps running while a client works.
const run = promisify(execFile);

const TOTAL = Number(process.env.BENCH_BYTES || 1024 ** 3);
const LAYERS = Number(process.env.BENCH_LAYERS || 4);
const root = path.resolve(import.meta.dirname, "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-bench-"));
const dataDir = path.join(work, "data");
const archive = path.join(work, "docker_bench_v1.0.tar");
const mb = (bytes, ms) => bytes / 1e6 / (ms / 1000);

/** Empties the page cache (root only), so that the next read comes from disk; false if it cannot. */
function dropCaches() {
  try {
    execFileSync("sync");
    fs.writeFileSync("/proc/sys/vm/drop_caches", "3");
    return true;
  } catch {
    return false;
  }
}

async function readFile(file) {
  const t0 = performance.now();
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) bytes += chunk.length;
  return { bytes, ms: performance.now() - t0 };
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const { server, env } = await startStagecraft(root, dataDir, { PUBLIC_URL: base }, port);
try {
  // start.mjs runs server.mjs in its own process.
  const serverPid = server.pid;
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

  const ref = `${new URL(base).host}/bench/bench:v1.0`;
  const creds = `bench@bench.local:${key}`;
  const dir = path.join(work, "pulled");
  const timed = async (work) => {
    const t0 = performance.now();
    await work();
    return performance.now() - t0;
  };
  const skopeo = (source) => timed(() => run("skopeo", ["copy", "--quiet", "--src-tls-verify=false", "--src-creds", creds, source, `dir:${dir}`]));
  const pulledBytes = () => {
    const bytes = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
    fs.rmSync(dir, { recursive: true, force: true });
    return bytes;
  };

  // The yardsticks: the stored archive read cold from disk (when this user may empty the page
  // cache), then warm from the page cache; and skopeo copying the archive itself into a directory,
  // with no server in between: what this skopeo can do at best.
  const cold = dropCaches() ? await readFile(stored) : null;
  const warm = await readFile(stored);
  const localMs = await skopeo(`docker-archive:${stored}`);
  const localBytes = pulledBytes();

  // The pull through /v2/, with the archive in the page cache, while the server's RSS is sampled.
  const before = rssOf(serverPid).rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(serverPid).rss)), 50);
  const pullMs = await skopeo(`docker://${ref}`);
  const pullBytes = pulledBytes();
  // And again with the page cache emptied: the server reads the archive from disk as it sends it.
  const coldPullMs = cold && dropCaches() ? await skopeo(`docker://${ref}`) : null;
  if (coldPullMs !== null) pulledBytes();
  // The endpoint alone: curl fetches every layer to /dev/null (no digest check).
  const manifest = JSON.parse(execFileSync("skopeo", ["inspect", "--raw", "--tls-verify=false", "--creds", creds, `docker://${ref}`]).toString());
  const curlMs = await timed(async () => {
    for (const layer of manifest.layers) await run("curl", ["-sf", "-o", "/dev/null", "-u", creds, `${base}/v2/bench/bench/blobs/${layer.digest}`]);
  });
  const curlBytes = manifest.layers.reduce((sum, l) => sum + l.size, 0);
  clearInterval(sampler);
  const hwm = rssOf(serverPid).hwm;

  const yardsticks = [["warm", mb(warm.bytes, warm.ms)], ...(cold ? [["cold", mb(cold.bytes, cold.ms)]] : [])];
  const row = (label, bytes, ms) => {
    const rate = mb(bytes, ms);
    const ratios = yardsticks.map(([name, y]) => `${(rate / y).toFixed(2)} × ${name}`).join(", ");
    console.log(`${label.padEnd(46)} ${rate.toFixed(0).padStart(5)} MB/s (${(ms / 1000).toFixed(2)} s)  ${ratios}`);
  };
  console.log(`\nstored archive: ${(warm.bytes / 1024 ** 3).toFixed(2)} GiB; pulled: ${(pullBytes / 1024 ** 3).toFixed(2)} GiB in ${manifest.layers.length} layers; load average ${os.loadavg()[0].toFixed(1)}`);
  if (cold) row("read of the stored archive, cold (from disk):", cold.bytes, cold.ms);
  else console.log("read of the stored archive, cold (from disk):  not measured (the page cache cannot be emptied by this user)");
  row("read of the stored archive, warm (page cache):", warm.bytes, warm.ms);
  row("skopeo copy of the archive itself (no server):", localBytes, localMs);
  row("skopeo copy from /v2/ (warm):", pullBytes, pullMs);
  if (coldPullMs !== null) row("skopeo copy from /v2/ (cold):", pullBytes, coldPullMs);
  row("curl of every layer from /v2/ (the endpoint):", curlBytes, curlMs);
  console.log("(target: the skopeo pull ≥ 0.5 × the disk read; skopeo checks every blob's sha256 as it writes it, so it cannot beat its copy of the archive itself)");
  console.log(`server RSS before the pull:                     ${(before / 1024 ** 2).toFixed(0)} MB`);
  console.log(`server peak RSS during the pulls and fetches:   ${(peak / 1024 ** 2).toFixed(0)} MB (sampled every 50 ms; target ≤ 256 MB)`);
  console.log(`server VmHWM over its life:                     ${(hwm / 1024 ** 2).toFixed(0)} MB (upload and validation included)`);
} finally {
  server.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}
