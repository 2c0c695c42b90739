// What `npm run bench:scale` needs besides tests/bench/support.mjs: the server's CPU and files,
// the open-files limit, /metrics and page timings.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ms, percentile } from "./support.mjs";

export const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
/** The 1-minute load average, printed beside each figure taken while others may use the machine. */
export const load1 = () => `load ${os.loadavg()[0].toFixed(1)}`;

const TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuOf(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/**
 * What a process has done so far: CPU seconds, seconds it was runnable but waited for a CPU
 * (/proc/<pid>/schedstat: on a shared machine, the other users' share), bytes it wrote to disk.
 */
export function procCounters(pid) {
  const [, waitNs] = fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ").map(Number);
  const written = Number(fs.readFileSync(`/proc/${pid}/io`, "utf8").match(/^write_bytes: (\d+)/m)?.[1] ?? 0);
  return { cpu: cpuOf(pid), waited: waitNs / 1e9, written };
}

/** Between two procCounters over `seconds`: "CPU x% of a core, waited for a CPU y%, wrote z MB/s". */
export function describeUse(from, to, seconds) {
  const pct = (s) => `${((s / seconds) * 100).toFixed(0)}%`;
  return `server CPU ${pct(to.cpu - from.cpu)} of a core, waiting for a CPU ${pct(to.waited - from.waited)}, disk writes ${((to.written - from.written) / 1024 / 1024 / seconds).toFixed(1)} MB/s`;
}

/**
 * From the server's /metrics: its event-loop delay since the last call (prom-client resets it at
 * each scrape) and the V8 heap in use. A scrape also runs the database gauges (~0.2 s at a million devices).
 */
export async function serverMetrics(base, token) {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const value = (name) => Number(text.match(new RegExp(`^${name} ([0-9.e+-]+)$`, "m"))?.[1] ?? NaN);
  const lag = (name) => ms(value(`nodejs_eventloop_lag_${name}_seconds`) * 1000);
  return { delay: `event-loop delay p50 ${lag("p50")}, p99 ${lag("p99")}, max ${lag("max")}`, heapUsed: value("nodejs_heap_size_used_bytes") };
}

/** The soft open-files limit of this process (inherited by the server and the load generator). */
export function openFilesLimit() {
  const line = fs.readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
  return Number(line?.split(/\s+/)[3]) || Infinity;
}

/** The database, its WAL and everything under DATA_DIR, in bytes. */
export function dataSizes(dataDir) {
  const size = (f) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const db = path.join(dataDir, "stagecraft.db");
  const total = Number(execFileSync("du", ["-sb", dataDir], { encoding: "utf8" }).split(/\s/)[0]);
  return { db: size(db), wal: size(`${db}-wal`), total };
}

/** Free bytes on the file system that holds `dir`. */
export function freeBytes(dir) {
  const out = execFileSync("df", ["-B1", "--output=avail", dir], { encoding: "utf8" }).trim().split("\n");
  return Number(out.at(-1));
}

/** Milliseconds to fetch and read one signed-in page; `mustShow` is text the answer must hold. */
export async function timePage(base, session, url, mustShow) {
  const t0 = performance.now();
  const response = await fetch(`${base}${url}`, { headers: { cookie: session } });
  const html = await response.text();
  if (!response.ok || (mustShow && !html.includes(mustShow))) throw new Error(`page ${url}: ${response.status}`);
  return performance.now() - t0;
}

/** `samples` rounds over `urls` (each a [label, fetch-and-time function]); the times by label. */
export async function sampleAll(urls, samples) {
  const times = Object.fromEntries(urls.map(([label]) => [label, []]));
  for (let i = 0; i < samples; i++) for (const [label, time] of urls) times[label].push(await time());
  return times;
}

/** One line per label: p95 and median. */
export function printTimes(times) {
  for (const [label, values] of Object.entries(times)) console.log(`  p95 ${ms(percentile(values, 95)).padStart(10)}   median ${ms(percentile(values, 50)).padStart(10)}   ${label}`);
}
