// `npm run bench:mqtt`: 1,000 devices connect with IoTDA credentials and each publishes 100 QoS 1
// property reports, first against Stagecraft's broker (every PUBACK means stored in SQLite),
// then the same load against Debian's mosquitto (no storage) for the ratio. Prints connects/s and
// messages/s of both, their ratios, and the machine's load average after each side's run (the
// machine is shared: compare the ratios of one run). A measurement, not a test: nothing here
// passes or fails on time.
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import Database from "better-sqlite3";
import mqtt, { type MqttClient } from "mqtt";

const DEVICES = Number(process.env.BENCH_DEVICES || 1000);
const MESSAGES = Number(process.env.BENCH_MESSAGES || 100);
const CONNECT_CONCURRENCY = 100;
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-bench-mqtt-"));

type Device = { id: string; secret: string };
type Result = { connectsPerSec: number; messagesPerSec: number; load: string };

function credentials(d: Device) {
  const timestamp = new Date().toISOString().replace(/\D/g, "").slice(0, 10);
  return { clientId: `${d.id}_0_1_${timestamp}`, username: d.id, password: createHmac("sha256", timestamp).update(d.secret).digest("hex") };
}

const report = (i: number) => JSON.stringify({ services: [{ service_id: "meter", properties: { temperature: 20 + (i % 10), voltage: 220.5, seq: i } }] });

/** Connects every device (100 handshakes at a time), then each publishes its reports one after another. */
async function load(port: number, devices: Device[]): Promise<Result> {
  const clients: MqttClient[] = [];
  let t0 = performance.now();
  for (let i = 0; i < devices.length; i += CONNECT_CONCURRENCY) {
    const batch = devices.slice(i, i + CONNECT_CONCURRENCY);
    clients.push(...(await Promise.all(batch.map((d) => mqtt.connectAsync({ host: "127.0.0.1", port, reconnectPeriod: 0, keepalive: 120, ...credentials(d) })))));
  }
  const connectSecs = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      const topic = `$oc/devices/${devices[c].id}/sys/properties/report`;
      for (let i = 0; i < MESSAGES; i++) await client.publishAsync(topic, report(i), { qos: 1 });
    }),
  );
  const publishSecs = (performance.now() - t0) / 1000;
  await Promise.all(clients.map((c) => c.endAsync()));
  return { connectsPerSec: devices.length / connectSecs, messagesPerSec: (devices.length * MESSAGES) / publishSecs, load: loadAverage() };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function untilListening(port: number) {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => (socket.end(), resolve(true)));
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))));
const fmt = (n: number) => n.toFixed(0).padStart(8);
/** The 1, 5 and 15 minute load averages and the core count, e.g. "2.61 3.28 2.48 / 2 cores". */
const loadAverage = () => `${os.loadavg().map((n) => n.toFixed(2)).join(" ")} / ${os.cpus().length} cores`;

// Stagecraft: the broker process registers the devices and says where it listens.
const stagecraft = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...(process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : []), "tests/bench/mqtt-broker.ts"], {
  cwd: root,
  env: { ...process.env, DATA_DIR: dataDir, BENCH_DEVICES: String(DEVICES), MQTT_RETENTION_DAYS: "7" },
  stdio: ["ignore", "pipe", "inherit"],
});
const first = await new Promise<string>((resolve, reject) => {
  readline.createInterface({ input: stagecraft.stdout! }).once("line", resolve);
  stagecraft.once("exit", (code) => reject(new Error(`broker process exited (${code})`)));
});
const { port, devices } = JSON.parse(first) as { port: number; devices: Device[] };
console.log(`${DEVICES} devices × ${MESSAGES} QoS 1 property reports`);
const ours = await load(port, devices);
await stop(stagecraft);
const db = new Database(path.join(dataDir, "stagecraft.db"), { readonly: true });
const stored = (db.prepare("select count(*) as n from device_messages").get() as { n: number }).n;
db.close();

// mosquitto, same load, nothing stored; anonymous, so IoTDA credentials pass unchecked.
const mosquittoPort = await freePort();
const conf = path.join(dataDir, "mosquitto.conf");
fs.writeFileSync(conf, `listener ${mosquittoPort} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\n`);
const mosquitto = spawn("/usr/sbin/mosquitto", ["-c", conf], { stdio: "ignore" });
await untilListening(mosquittoPort);
const theirs = await load(mosquittoPort, devices);
await stop(mosquitto);
fs.rmSync(dataDir, { recursive: true, force: true });

console.log(`                connects/s  messages/s  load average after the run (1, 5, 15 min)`);
console.log(`stagecraft        ${fmt(ours.connectsPerSec)}    ${fmt(ours.messagesPerSec)}  ${ours.load}  (stored: ${stored} of ${DEVICES * MESSAGES})`);
console.log(`mosquitto         ${fmt(theirs.connectsPerSec)}    ${fmt(theirs.messagesPerSec)}  ${theirs.load}  (not stored)`);
console.log(`ratio (connects/s ÷ mosquitto's): ${(ours.connectsPerSec / theirs.connectsPerSec).toFixed(2)} (target ≥ 0.5)`);
console.log(`ratio (stored messages/s ÷ mosquitto's): ${(ours.messagesPerSec / theirs.messagesPerSec).toFixed(2)} (target ≥ 0.5)`);
if (stored !== DEVICES * MESSAGES) process.exitCode = 1; // every acknowledged report must be stored
