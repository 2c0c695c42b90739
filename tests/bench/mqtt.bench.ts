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
// Connect rounds, the two brokers taking turns: the machine's load drifts within seconds, and a
// single round each compared two different moments. Each round also prints the CPU time each
// broker process spent per connect, which the load does not skew as much as the wall clock.
const CONNECT_ROUNDS = Number(process.env.BENCH_CONNECT_ROUNDS || 3);
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-bench-mqtt-"));

type Device = { id: string; secret: string };

function credentials(d: Device) {
  const timestamp = new Date().toISOString().replace(/\D/g, "").slice(0, 10);
  return { clientId: `${d.id}_0_1_${timestamp}`, username: d.id, password: createHmac("sha256", timestamp).update(d.secret).digest("hex") };
}

const report = (i: number) => JSON.stringify({ services: [{ service_id: "meter", properties: { temperature: 20 + (i % 10), voltage: 220.5, seq: i } }] });

/** Connects every device, 100 handshakes at a time; returns the clients and the connects per second. */
async function connectAll(port: number, devices: Device[]): Promise<{ clients: MqttClient[]; connectsPerSec: number }> {
  const clients: MqttClient[] = [];
  const t0 = performance.now();
  for (let i = 0; i < devices.length; i += CONNECT_CONCURRENCY) {
    const batch = devices.slice(i, i + CONNECT_CONCURRENCY);
    clients.push(...(await Promise.all(batch.map((d) => mqtt.connectAsync({ host: "127.0.0.1", port, reconnectPeriod: 0, keepalive: 120, ...credentials(d) })))));
  }
  return { clients, connectsPerSec: devices.length / ((performance.now() - t0) / 1000) };
}

/** Each device publishes its reports one after another, all devices at once; returns messages per second. */
async function publishAll(clients: MqttClient[], devices: Device[]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      const topic = `$oc/devices/${devices[c].id}/sys/properties/report`;
      for (let i = 0; i < MESSAGES; i++) await client.publishAsync(topic, report(i), { qos: 1 });
    }),
  );
  return (devices.length * MESSAGES) / ((performance.now() - t0) / 1000);
}

const endAll = (clients: MqttClient[]) => Promise.all(clients.map((c) => c.endAsync()));

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
/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s). */
const cpuSecs = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime, fields 14 and 15
};
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

// mosquitto, same load, nothing stored; anonymous, so IoTDA credentials pass unchecked.
const mosquittoPort = await freePort();
const conf = path.join(dataDir, "mosquitto.conf");
fs.writeFileSync(conf, `listener ${mosquittoPort} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\n`);
const mosquitto = spawn("/usr/sbin/mosquitto", ["-c", conf], { stdio: "ignore" });
await untilListening(mosquittoPort);

console.log(`${DEVICES} devices × ${MESSAGES} QoS 1 property reports; ${CONNECT_ROUNDS} connect rounds, the brokers taking turns`);
const brokers = [
  { name: "stagecraft", port, pid: stagecraft.pid!, connects: [] as number[], cpuMs: [] as number[] },
  { name: "mosquitto", port: mosquittoPort, pid: mosquitto.pid!, connects: [] as number[], cpuMs: [] as number[] },
];
for (let round = 0; round < CONNECT_ROUNDS; round++) {
  // Who goes first alternates, so neither always meets the load the other left behind.
  for (const broker of round % 2 ? [...brokers].reverse() : brokers) {
    const cpu = cpuSecs(broker.pid);
    const { clients, connectsPerSec } = await connectAll(broker.port, devices);
    broker.cpuMs.push(((cpuSecs(broker.pid) - cpu) * 1000) / DEVICES);
    broker.connects.push(connectsPerSec);
    await endAll(clients);
  }
  const [ours, theirs] = brokers.map((b) => b.connects[round]);
  const [ourCpu, theirCpu] = brokers.map((b) => b.cpuMs[round].toFixed(2));
  console.log(`connect round ${round + 1}: stagecraft ${fmt(ours)}/s  mosquitto ${fmt(theirs)}/s  ratio ${(ours / theirs).toFixed(2)}  broker CPU ms per connect ${ourCpu} vs ${theirCpu}  load ${loadAverage()}`);
}

const messageRates: number[] = [];
const loads: string[] = [];
for (const broker of brokers) {
  const { clients } = await connectAll(broker.port, devices);
  messageRates.push(await publishAll(clients, devices));
  loads.push(loadAverage());
  await endAll(clients);
}
await stop(stagecraft);
await stop(mosquitto);
const db = new Database(path.join(dataDir, "stagecraft.db"), { readonly: true });
const stored = (db.prepare("select count(*) as n from device_messages").get() as { n: number }).n;
db.close();
fs.rmSync(dataDir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const connectRatios = brokers[0].connects.map((ours, i) => ours / brokers[1].connects[i]);
console.log(`                connects/s  messages/s  load average after publishing (1, 5, 15 min)`);
console.log(`stagecraft        ${fmt(median(brokers[0].connects))}    ${fmt(messageRates[0])}  ${loads[0]}  (stored: ${stored} of ${DEVICES * MESSAGES})`);
console.log(`mosquitto         ${fmt(median(brokers[1].connects))}    ${fmt(messageRates[1])}  ${loads[1]}  (not stored)`);
console.log(`ratio (connects/s ÷ mosquitto's, median of the rounds' ratios): ${median(connectRatios).toFixed(2)}; first round ${connectRatios[0].toFixed(2)} (target ≥ 0.5)`);
console.log(`ratio (stored messages/s ÷ mosquitto's): ${(messageRates[0] / messageRates[1]).toFixed(2)} (target ≥ 0.5)`);
if (stored !== DEVICES * MESSAGES) process.exitCode = 1; // every acknowledged report must be stored
