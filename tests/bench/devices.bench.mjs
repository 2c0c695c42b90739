// `npm run bench:devices`: batch registration of 100,000 devices through the IoTDA-compatible API
// against a production server, then the workbench's device list over them. Prints devices per
// second, the server's peak RSS and the p95 time of filtered device-list pages. A measurement, not
// a test: nothing here passes or fails on time.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiClient, machineLoad, ms, percentile, signIn, sleep, startStagecraft, stopServer } from "./support.mjs";

const ROWS = Number(process.env.BENCH_ROWS || 100_000);
const PAGE_SAMPLES = Number(process.env.BENCH_PAGE_SAMPLES || 40);
const WARMUP = Number(process.env.BENCH_PAGE_WARMUP || 10);
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-bench-"));
const email = "bench@bench.local";
const password = "bench-password-1";


function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Peak resident memory of the server process and its children, from /proc (kB → MB). */
function peakRssMb(pid) {
  const pids = [pid, ...(spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout.split(/\s+/).filter(Boolean).map(Number))];
  let peak = 0;
  for (const p of pids) {
    try {
      const hwm = fs.readFileSync(`/proc/${p}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      // the process ended
    }
  }
  return peak;
}

const tsx = ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts"];
run([...tsx, "user", "create", "--email", email, "--password", password, "--role", "buyer"]);
const key = run([...tsx, "apikey", "create", "--email", email, "--name", "bench"]).trim().split("\n").at(-1);

const { server, base } = await startStagecraft(root, dataDir);
try {
  const api = apiClient(base, key);
  const me = await api("GET", "/api/v1/me");
  const v5 = `/v5/iot/${me.id}`;
  const product = await api("POST", `${v5}/products`, { name: "bench meters", device_type: "Meter", protocol_type: "MQTT", manufacturer_name: "bench" });

  const lines = ["node_id,device_name,product_id,auth_type,secret,fingerprint"];
  for (let i = 0; i < ROWS; i++) lines.push(`dev-${String(i).padStart(6, "0")},Meter ${i},${product.product_id},SECRET,,`);
  const csv = Buffer.from(lines.join("\r\n") + "\r\n");
  console.log(`Uploading ${ROWS.toLocaleString("en")} rows (${(csv.length / 1024 / 1024).toFixed(1)} MB of CSV)…`);

  const rssBefore = peakRssMb(server.pid);
  const started = performance.now();
  const form = new FormData();
  form.set("file", new Blob([csv], { type: "text/csv" }), "bench.csv");
  const file = await api("POST", `${v5}/batchtask-files`, form);
  const uploaded = performance.now();
  const task = await api("POST", `${v5}/batchtasks`, { task_name: "bench", task_type: "createDevices", document_source: file.file_id });
  let shown;
  do {
    await sleep(100);
    shown = await api("GET", `${v5}/batchtasks/${task.task_id}?limit=1`);
  } while (shown.batchtask.status === "Initializing" || shown.batchtask.status === "Processing");
  const finished = performance.now();
  const progress = shown.batchtask.task_progress;
  if (shown.batchtask.status !== "Success") throw new Error(`task ended ${shown.batchtask.status}: ${JSON.stringify(progress)}`);
  const seconds = (finished - started) / 1000;

  // Log in like a browser (Auth.js credentials endpoint) to time the workbench page itself.
  const session = await signIn(base, email, password);

  const filters = [
    `status=INACTIVE`,
    `productId=${product.product_id}`,
    `q=dev-0999`,
    `productId=${product.product_id}&status=INACTIVE&sort=nodeId&dir=asc`,
    `status=INACTIVE&page=${Math.max(1, Math.floor(ROWS / 20 / 2))}`,
    `q=Meter%2042&sort=name`,
  ];
  // Pages load their modules at their first request (next.config.mjs: preloadEntriesOnStart) and
  // V8 compiles hot code over the first ones: the first request is reported alone, and each page is
  // asked WARMUP times before the timed samples, so the figures are a running server's.
  const page = async (url) => {
    const t0 = performance.now();
    const response = await fetch(`${base}${url}`, { headers: { cookie: session } });
    const html = await response.text();
    if (!response.ok || (url.startsWith("/workbench") && !html.includes("dev-"))) throw new Error(`page ${url}: ${response.status}`);
    return performance.now() - t0;
  };
  const firstRequest = await page(`/workbench/devices?${filters[0]}`);
  for (let i = 0; i < WARMUP; i++) for (const url of [...filters.map((f) => `/workbench/devices?${f}`), "/settings/api-keys"]) await page(url);
  const times = Object.fromEntries(filters.map((f) => [f, []]));
  const apiTimes = [];
  for (let i = 0; i < PAGE_SAMPLES; i++) {
    for (const filter of filters) times[filter].push(await page(`/workbench/devices?${filter}`));
    const t0 = performance.now();
    await api("GET", `${v5}/devices?product_id=${product.product_id}&limit=50&offset=500`);
    apiTimes.push(performance.now() - t0);
  }
  const all = Object.values(times).flat();
  // The same server's floor for a signed-in page that reads no devices: what any page costs here.
  const floor = [];
  for (let i = 0; i < PAGE_SAMPLES; i++) floor.push(await page("/settings/api-keys"));

  // The figures depend on what else runs on the machine: say how busy it was.
  console.log(`\nMachine: ${machineLoad()}`);
  console.log("\nBatch registration through /v5/iot/{project_id}/batchtask-files + batchtasks");
  console.log(`  rows                 ${ROWS.toLocaleString("en")} (success ${progress.success}, fail ${progress.fail})`);
  console.log(`  upload + validation  ${ms(uploaded - started)}`);
  console.log(`  until Success        ${seconds.toFixed(2)} s`);
  console.log(`  devices per second   ${Math.round(ROWS / seconds).toLocaleString("en")}`);
  console.log(`  server peak RSS      ${peakRssMb(server.pid).toFixed(0)} MB (before the upload: ${rssBefore.toFixed(0)} MB)`);
  console.log(`\nFiltered device-list pages (/workbench/devices, server-rendered HTML, ${PAGE_SAMPLES} samples each after ${WARMUP} unmeasured)`);
  console.log(`  the very first request (its modules loaded, cold code)  ${ms(firstRequest)}`);
  for (const filter of filters) console.log(`  p95 ${ms(percentile(times[filter], 95)).padStart(9)}   median ${ms(percentile(times[filter], 50)).padStart(9)}   ?${filter}`);
  console.log(`  p95 over all pages   ${ms(percentile(all, 95))}`);
  console.log(`  for comparison, /settings/api-keys (no device query): p95 ${ms(percentile(floor, 95))}, median ${ms(percentile(floor, 50))}`);
  console.log(`  p95 GET /v5/…/devices?product_id&limit=50&offset=500  ${ms(percentile(apiTimes, 95))}`);
} finally {
  await stopServer(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
