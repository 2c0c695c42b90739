// `npm run bench:scale`: where one machine ends. Against a production server: (1) 1,000,000 devices
// registered through ten batch files of 100,000 rows (devices/s, peak RSS, database size); (2) the
// device list over them (/workbench/devices pages and the /v5 list); (3) 10,000 concurrent MQTT
// connections reporting once a minute (connect time, RSS, stored messages/s, CPU, pages meanwhile),
// then shorter intervals to see what caps first. A measurement, not a test. docs/scaling.md holds
// the figures of a full run. Knobs: BENCH_FILES, BENCH_ROWS_PER_FILE, BENCH_MQTT_CLIENTS,
// BENCH_MQTT_MINUTES, BENCH_MQTT_PUSH (report intervals in seconds, "" for none), BENCH_PAGE_SAMPLES.
import { fork, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { apiClient, machineLoad, ms, percentile, rssOf, signIn, sleep, startStagecraft, stopServer } from "./support.mjs";
import { dataSizes, describeUse, freeBytes, load1, mb, openFilesLimit, procCounters, printTimes, sampleAll, serverMetrics, timePage } from "./scale-support.mjs";

const env = (name, fallback) => (process.env[name] === undefined || process.env[name] === "" ? fallback : Number(process.env[name]));
const FILES = env("BENCH_FILES", 10);
const ROWS = env("BENCH_ROWS_PER_FILE", 100_000);
const CLIENTS = Math.min(env("BENCH_MQTT_CLIENTS", 10_000), FILES * ROWS);
const MINUTES = env("BENCH_MQTT_MINUTES", 2);
const PUSH = (process.env.BENCH_MQTT_PUSH ?? "10,5,2").split(",").filter(Boolean).map(Number);
const PUSH_MINUTES = env("BENCH_MQTT_PUSH_MINUTES", 1);
const PAGE_SAMPLES = env("BENCH_PAGE_SAMPLES", 20);
const CONNECT_CONCURRENCY = env("BENCH_MQTT_CONCURRENCY", 100);
const root = path.resolve(import.meta.dirname, "../..");
const email = "bench@bench.local";
const password = "bench-password-1";

// Each connection is a socket in the server and one in the load generator, both children of this process.
if (openFilesLimit() < CLIENTS + 1024) {
  console.error(`The open-files limit is ${openFilesLimit()}, too low for ${CLIENTS} MQTT connections: run \`ulimit -n 65536\` (or up to \`ulimit -Hn\`) first, as the npm script does.`);
  process.exit(1);
}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-bench-scale-"));
console.log(`DATA_DIR ${dataDir}: ${mb(freeBytes(dataDir))} free (a full run writes about 1 GB)`);
console.log(`Machine: ${machineLoad()}, ${mb(os.totalmem())} RAM`);

const tsx = ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts"];
const admin = (...args) => {
  const result = spawnSync(process.execPath, [...tsx, ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`admin ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
};
admin("user", "create", "--email", email, "--password", password, "--role", "buyer");
const key = admin("apikey", "create", "--email", email, "--name", "bench").trim().split("\n").at(-1);

const nodeId = (file, i) => `dev-${file}-${String(i).padStart(6, "0")}`;
// The first CLIENTS devices get a secret we know, for their MQTT logins; the others a generated one.
const secretOf = (n) => `scale-secret-${String(n).padStart(8, "0")}`;

// /metrics gives the server's event-loop delay per phase.
const metricsToken = "bench-scale-metrics";
const { server, base, mqttPort } = await startStagecraft(root, dataDir, { METRICS_TOKEN: metricsToken });
const metrics = () => serverMetrics(base, metricsToken);
const loopDelay = async () => (await metrics()).delay;
const pid = server.pid;
let load;
try {
  const api = apiClient(base, key);
  const me = await api("GET", "/api/v1/me");
  const v5 = `/v5/iot/${me.id}`;
  const product = await api("POST", `${v5}/products`, { name: "scale meters", device_type: "Meter", protocol_type: "MQTT", manufacturer_name: "bench" });

  // (1) Ten batch files, one after the other.
  console.log(`\n(1) Batch registration: ${FILES} files × ${ROWS.toLocaleString("en")} rows through /v5/iot/{project_id}/batchtask-files + batchtasks`);
  const allStarted = performance.now();
  const all0 = procCounters(pid);
  await loopDelay();
  for (let f = 0; f < FILES; f++) {
    const lines = ["node_id,device_name,product_id,auth_type,secret,fingerprint"];
    for (let i = 0; i < ROWS; i++) {
      const n = f * ROWS + i;
      lines.push(`${nodeId(f, i)},Meter ${f}-${i},${product.product_id},SECRET,${n < CLIENTS ? secretOf(n) : ""},`);
    }
    const form = new FormData();
    form.set("file", new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" }), `scale-${f}.csv`);
    const use0 = procCounters(pid);
    const t0 = performance.now();
    const file = await api("POST", `${v5}/batchtask-files`, form);
    const task = await api("POST", `${v5}/batchtasks`, { task_name: `scale ${f}`, task_type: "createDevices", document_source: file.file_id });
    let shown;
    do {
      await sleep(500);
      shown = await api("GET", `${v5}/batchtasks/${task.task_id}?limit=1`);
    } while (shown.batchtask.status === "Initializing" || shown.batchtask.status === "Processing");
    const seconds = (performance.now() - t0) / 1000;
    const { success, fail } = shown.batchtask.task_progress;
    if (shown.batchtask.status !== "Success") throw new Error(`file ${f} ended ${shown.batchtask.status}: ${success} success, ${fail} fail`);
    const { rss, hwm } = rssOf(pid);
    console.log(`  file ${f + 1}: ${seconds.toFixed(1)} s, ${Math.round(ROWS / seconds).toLocaleString("en")} devices/s, ${describeUse(use0, procCounters(pid), seconds)}, RSS ${mb(rss)} (peak ${mb(hwm)}), db + WAL ${mb(dataSizes(dataDir).db + dataSizes(dataDir).wal)}   [${load1()}]`);
  }
  const allSeconds = (performance.now() - allStarted) / 1000;
  const sizes = dataSizes(dataDir);
  console.log(`  overall: ${(FILES * ROWS).toLocaleString("en")} devices in ${allSeconds.toFixed(0)} s = ${Math.round((FILES * ROWS) / allSeconds).toLocaleString("en")} devices/s, ${describeUse(all0, procCounters(pid), allSeconds)}, ${await loopDelay()}`);
  console.log(`  server peak RSS (VmHWM) ${mb(rssOf(pid).hwm)}; database ${mb(sizes.db)} + WAL ${mb(sizes.wal)}; DATA_DIR ${mb(sizes.total)}   [${machineLoad()}]`);
  const db = new Database(path.join(dataDir, "stagecraft.db"), { readonly: true });
  // What the bytes are: tables and indexes, largest first (SQLite's dbstat table; reads the whole file once).
  const largest = db.prepare("select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc limit 8").all();
  console.log(`  largest: ${largest.map((t) => `${t.name} ${mb(t.bytes)}`).join(", ")}`);

  // (2) The device list over them.
  const total = FILES * ROWS;
  const session = await signIn(base, email, password);
  const page = (query) => [`/workbench/devices?${query}`, () => timePage(base, session, `/workbench/devices?${query}`, "dev-")];
  const listApi = (query) => [`GET ${v5}/devices?${query}`, async () => ((t0) => api("GET", `${v5}/devices?${query}`).then(() => performance.now() - t0))(performance.now())];
  const floor = ["/settings/api-keys (reads no device)", () => timePage(base, session, "/settings/api-keys")];
  const pages = [
    page("status=INACTIVE"),
    page(`productId=${product.product_id}`),
    page("q=dev-0-0999"),
    page(`productId=${product.product_id}&status=INACTIVE&sort=nodeId&dir=asc`),
    page(`status=INACTIVE&page=${Math.max(1, Math.floor(total / 20 / 2))}`),
    page("q=Meter%200-42&sort=name"),
    floor,
    listApi(`product_id=${product.product_id}&limit=50&offset=500`),
    listApi("limit=50"),
  ];
  console.log(`\n(2) Device list over ${total.toLocaleString("en")} devices (signed-in HTML, ${PAGE_SAMPLES} samples each, one request at a time)`);
  await loopDelay();
  const listTimes = await sampleAll(pages, PAGE_SAMPLES);
  printTimes(listTimes);
  console.log(`  ${await loopDelay()}`);
  const devicePages = Object.entries(listTimes).filter(([label]) => label.startsWith("/workbench")).flatMap(([, v]) => v);
  console.log(`  p95 over all device-list pages ${ms(percentile(devicePages, 95))}, median ${ms(percentile(devicePages, 50))}   [${machineLoad()}]`);

  // (3) MQTT: CLIENTS devices connect, then report.
  load = fork(path.join(import.meta.dirname, "scale-mqtt-load.mjs"), { stdio: "inherit" });
  let nextId = 0;
  const waiting = new Map();
  load.on("message", ({ id, result, error }) => (error ? waiting.get(id).reject(new Error(error)) : waiting.get(id).resolve(result), waiting.delete(id)));
  const ask = (command, args = {}) => new Promise((resolve, reject) => (waiting.set(nextId, { resolve, reject }), load.send({ id: nextId++, command, args })));
  const devices = Array.from({ length: CLIENTS }, (_, n) => ({ id: `${product.product_id}_${nodeId(Math.floor(n / ROWS), n % ROWS)}`, secret: secretOf(n) }));
  const stored = () => db.prepare("select count(*) as n from device_messages").get().n;

  console.log(`\n(3) MQTT: ${CLIENTS.toLocaleString("en")} devices connect with IoTDA credentials, ${CONNECT_CONCURRENCY} handshakes at a time`);
  await sleep(5_000);
  const before = rssOf(pid).rss;
  const connectUse0 = procCounters(pid);
  const heapBefore = (await metrics()).heapUsed;
  const connected = await ask("connect", { port: mqttPort, devices, concurrency: CONNECT_CONCURRENCY });
  const connectUse = describeUse(connectUse0, procCounters(pid), connected.seconds);
  const { delay: connectDelay, heapUsed: heapAfter } = await metrics();
  await sleep(5_000);
  const after = rssOf(pid).rss;
  console.log(`  connected ${connected.connected.toLocaleString("en")} (failed ${connected.failed}) in ${connected.seconds.toFixed(1)} s = ${Math.round(connected.connected / connected.seconds)} connects/s, handshake p95 ${ms(connected.handshakeP95)}   [${load1()}]`);
  console.log(`  meanwhile ${connectUse}; ${connectDelay}`);
  console.log(`  server RSS ${mb(before)} before, ${mb(after)} with them held: ~${((after - before) / Math.max(1, connected.connected) / 1024).toFixed(0)} KB per connection (V8 heap in use ${mb(heapBefore)} → ${mb(heapAfter)}: ~${((heapAfter - heapBefore) / Math.max(1, connected.connected) / 1024).toFixed(0)} KB; both move with garbage collection); load generator used ${connected.cpuSeconds.toFixed(1)} CPU s`);

  /** Reports every `seconds` for `minutes` while timing pages; prints stored messages/s, CPU, PUBACK times and page times. */
  async function reporting(seconds, minutes) {
    const durationMs = minutes * 60_000;
    const offered = CLIENTS / seconds;
    const n0 = stored();
    const use0 = procCounters(pid);
    await loopDelay();
    const t0 = performance.now();
    const reported = ask("report", { intervalMs: seconds * 1000, durationMs });
    // The INACTIVE page, as in (2), unless every device is connected and it would show none.
    const [label, time] = total > CLIENTS ? pages[0] : pages[1];
    const times = { [label]: [], [floor[0]]: [] };
    while (performance.now() - t0 < durationMs - 2_000) {
      times[label].push(await time());
      times[floor[0]].push(await floor[1]());
      await sleep(500);
    }
    await sleep(Math.max(0, durationMs - (performance.now() - t0)));
    const elapsed = (performance.now() - t0) / 1000;
    const storedPerSec = (stored() - n0) / elapsed;
    const use = describeUse(use0, procCounters(pid), elapsed);
    const delay = await loopDelay();
    const r = await reported;
    console.log(`  every ${seconds} s for ${minutes} min: offered ${offered.toFixed(0)} msg/s → stored ${storedPerSec.toFixed(0)} msg/s; RSS ${mb(rssOf(pid).rss)}   [${load1()}]`);
    console.log(`    ${use}; ${delay}`);
    console.log(`    published ${r.published}, acknowledged ${r.acked}, failed ${r.failed}, unanswered ${r.unanswered}; PUBACK p50 ${ms(r.ackP50)}, p95 ${ms(r.ackP95)}, p99 ${ms(r.ackP99)}; load generator ${((r.cpuSeconds / r.seconds) * 100).toFixed(0)}% of a core`);
    printTimes(times);
  }
  console.log(`\n  Each device reports once a minute, first reports spread over the minute (pages timed meanwhile, one request at a time):`);
  await reporting(60, MINUTES);
  for (const seconds of PUSH) {
    console.log(`\n  Pushing: each device reports every ${seconds} s`);
    await reporting(seconds, PUSH_MINUTES);
  }
  await ask("end");
  await sleep(2_000);
  const final = dataSizes(dataDir);
  console.log(`\n  stored messages ${stored().toLocaleString("en")}; database ${mb(final.db)} + WAL ${mb(final.wal)}; server peak RSS over the whole run ${mb(rssOf(pid).hwm)}   [${machineLoad()}]`);
  db.close();
} finally {
  if (load?.connected) load.kill();
  await stopServer(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
