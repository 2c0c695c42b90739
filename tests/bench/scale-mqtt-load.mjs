// The device side of `npm run bench:scale`, in its own process (forked, commands over IPC) so that
// the page timings taken meanwhile do not wait behind 10,000 clients' event loop. Connects the
// devices with IoTDA credentials at a bounded concurrency, then has each report its properties
// (QoS 1: a PUBACK means stored) every `intervalMs`, the first report spread over the interval.
import { createHmac } from "node:crypto";
import mqtt from "mqtt";

let clients = [];

function credentials(device) {
  const timestamp = new Date().toISOString().replace(/\D/g, "").slice(0, 10);
  return { clientId: `${device.id}_0_1_${timestamp}`, username: device.id, password: createHmac("sha256", timestamp).update(device.secret).digest("hex") };
}

const percentile = (values, p) => (values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] : 0);
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Connects every device, `concurrency` handshakes in flight at a time; the slowest handshakes tell whether the broker keeps up. */
async function connect({ port, devices, concurrency }) {
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const handshakes = [];
  let failed = 0;
  let next = 0;
  clients = new Array(devices.length);
  const lane = async () => {
    while (next < devices.length) {
      const i = next++;
      const started = performance.now();
      try {
        clients[i] = await mqtt.connectAsync({ host: "127.0.0.1", port, reconnectPeriod: 0, keepalive: 120, connectTimeout: 60_000, ...credentials(devices[i]) });
        clients[i].on("error", () => {});
        clients[i].topic = `$oc/devices/${devices[i].id}/sys/properties/report`;
        handshakes.push(performance.now() - started);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  clients = clients.filter(Boolean);
  return { seconds: (performance.now() - t0) / 1000, connected: clients.length, failed, handshakeP95: percentile(handshakes, 95), cpuSeconds: cpuSeconds() - cpu0 };
}

/** Every client reports every `intervalMs` for `durationMs`; then waits (up to 30 s) for the last PUBACKs. */
async function report({ intervalMs, durationMs }) {
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const acks = [];
  let published = 0;
  let failed = 0;
  let seq = 0;
  const inflight = new Set();
  const timers = [];
  const publish = (client) => {
    published++;
    const started = performance.now();
    const payload = JSON.stringify({ services: [{ service_id: "meter", properties: { temperature: 20 + (seq % 10), voltage: 220.5, seq: seq++ } }] });
    const done = client.publishAsync(client.topic, payload, { qos: 1 }).then(
      () => acks.push(performance.now() - started),
      () => failed++,
    );
    inflight.add(done);
    done.finally(() => inflight.delete(done));
  };
  for (const client of clients) {
    timers.push(
      setTimeout(() => {
        publish(client);
        timers.push(setInterval(() => publish(client), intervalMs));
      }, Math.random() * intervalMs),
    );
  }
  await new Promise((r) => setTimeout(r, durationMs));
  for (const t of timers) clearTimeout(t);
  const sent = performance.now();
  await Promise.race([Promise.all(inflight), new Promise((r) => setTimeout(r, 30_000))]);
  return {
    seconds: (sent - t0) / 1000,
    published,
    acked: acks.length,
    failed,
    unanswered: inflight.size,
    ackP50: percentile(acks, 50),
    ackP95: percentile(acks, 95),
    ackP99: percentile(acks, 99),
    cpuSeconds: cpuSeconds() - cpu0,
  };
}

async function end() {
  await Promise.all(clients.map((c) => c.endAsync().catch(() => {})));
  clients = [];
  return {};
}

const commands = { connect, report, end };
process.on("message", async ({ id, command, args }) => {
  try {
    process.send({ id, result: await commands[command](args) });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
  if (command === "end") process.disconnect();
});
