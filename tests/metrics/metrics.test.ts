import * as tus from "tus-js-client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { deployments } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { countOnlineDevices } from "@/lib/devices/queries";
import { createUploadServer, UPLOADS_PATH } from "@/lib/images/uploads";
import { enqueueJob } from "@/lib/jobs/queue";
import { drainJobs, registerJobHandler } from "@/lib/jobs/worker";
import { metricsResponse } from "@/lib/metrics/endpoint";
import type { RunningBroker } from "@/lib/mqtt/broker";
import { activateTarget } from "../support/deployments";
import { serve } from "../support/http";
import { connectDevice, makeDevices, report, reportTopic, startBroker } from "../support/mqtt";
import { makeUser } from "../support/users";

const TOKEN = "metrics-test-token-0123456789";
const scrape = (authorization?: string) => metricsResponse(new Request("http://stagecraft.test/metrics", { headers: authorization ? { Authorization: authorization } : {} }));
const metrics = async () => {
  const res = await scrape(`Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  return res.text();
};
/** The value of one sample, e.g. value(text, 'stagecraft_jobs{kind="x",status="done"}'); 0 when absent. */
const value = (text: string, sample: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
};

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startBroker();
});
afterAll(() => broker.close());
afterEach(() => vi.unstubAllEnvs());

describe("/metrics access", () => {
  it("does not exist while METRICS_TOKEN is unset", async () => {
    vi.stubEnv("METRICS_TOKEN", "");
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("stagecraft_");
  });

  it("answers 401 without the token, with another one, or with it in another scheme", async () => {
    vi.stubEnv("METRICS_TOKEN", TOKEN);
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN]) {
      const res = await scrape(authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.text()).not.toContain("stagecraft_");
    }
  });

  it("answers Prometheus' text format with every metric for the right token", async () => {
    vi.stubEnv("METRICS_TOKEN", TOKEN);
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of [
      "stagecraft_http_request_duration_seconds",
      "stagecraft_jobs",
      "stagecraft_deployments",
      "stagecraft_devices_online",
      "stagecraft_mqtt_messages_total",
      "stagecraft_mqtt_connections",
      "stagecraft_uploads_bytes_total",
      "process_cpu_user_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });
});

describe("/metrics figures", () => {
  it("counts jobs by kind and status as the queue moves", async () => {
    vi.stubEnv("METRICS_TOKEN", TOKEN);
    registerJobHandler("test.metrics", { run: async () => {} });
    enqueueJob(getDb(), "test.metrics", "a");
    enqueueJob(getDb(), "test.metrics", "b");
    let text = await metrics();
    expect(value(text, 'stagecraft_jobs{kind="test.metrics",status="queued"}')).toBe(2);
    expect(value(text, 'stagecraft_jobs{kind="test.metrics",status="done"}')).toBe(0);
    await drainJobs();
    text = await metrics();
    expect(value(text, 'stagecraft_jobs{kind="test.metrics",status="queued"}')).toBe(0);
    expect(value(text, 'stagecraft_jobs{kind="test.metrics",status="done"}')).toBe(2);
  });

  it("counts deployments by status", async () => {
    vi.stubEnv("METRICS_TOKEN", TOKEN);
    const before = value(await metrics(), 'stagecraft_deployments{status="failed"}');
    const owner = await makeUser(["isv"]);
    const target = activateTarget("sandbox", {});
    getDb()
      .insert(deployments)
      .values({ id: crypto.randomUUID(), ownerId: owner.id, purpose: "test", targetId: target.id, graph: { nodes: [], edges: [] }, status: "failed" })
      .run();
    expect(value(await metrics(), 'stagecraft_deployments{status="failed"}')).toBe(before + 1);
  });

  it("counts the devices online from the index of online ones, not by reading every device", () => {
    const sqlite = getDb().$client;
    const prepare = vi.spyOn(sqlite, "prepare");
    countOnlineDevices();
    const query = String(prepare.mock.calls.at(-1)![0]);
    prepare.mockRestore();
    const plan = sqlite.prepare(`explain query plan ${query}`).all("ONLINE") as { detail: string }[];
    expect(plan.map((step) => step.detail)).toEqual(["SCAN devices USING COVERING INDEX devices_online"]);
  });

  it("follows MQTT connections, devices online and the messages devices publish", async () => {
    vi.stubEnv("METRICS_TOKEN", TOKEN);
    const before = await metrics();
    const { devices } = await makeDevices(2);
    const clients = await Promise.all(devices.map((d) => connectDevice(broker.port, d)));
    await vi.waitFor(async () => expect(value(await metrics(), "stagecraft_devices_online")).toBe(value(before, "stagecraft_devices_online") + 2));
    let text = await metrics();
    expect(value(text, "stagecraft_mqtt_connections")).toBe(value(before, "stagecraft_mqtt_connections") + 2);
    await clients[0]!.publishAsync(reportTopic(devices[0]!.id), report(20), { qos: 1 });
    await clients[0]!.publishAsync(reportTopic(devices[0]!.id), report(21), { qos: 1 });
    await clients[1]!.publishAsync(reportTopic(devices[1]!.id), report(22), { qos: 1 });
    // A message to another device's topic is refused (and the client disconnected): not counted.
    await clients[1]!.publishAsync(reportTopic(devices[0]!.id), report(0), { qos: 0 }).catch(() => {});
    text = await metrics();
    expect(value(text, "stagecraft_mqtt_messages_total")).toBe(value(before, "stagecraft_mqtt_messages_total") + 3);
    await Promise.all(clients.map((c) => c.endAsync()));
    await vi.waitFor(async () => expect(value(await metrics(), "stagecraft_mqtt_connections")).toBe(value(before, "stagecraft_mqtt_connections")));
    // Online and offline changes are committed within 100 ms (lib/mqtt/store.ts).
    await vi.waitFor(async () => expect(value(await metrics(), "stagecraft_devices_online")).toBe(value(before, "stagecraft_devices_online")));
  });

  it("adds the bytes every tus PATCH writes", async () => {
    vi.stubEnv("METRICS_TOKEN", TOKEN);
    const tusServer = createUploadServer();
    const server = await serve((req, res) => void tusServer.handle(req, res));
    try {
      const key = createApiKey(await makeUser(["isv"]), { name: "ci" }).key;
      const before = value(await metrics(), "stagecraft_uploads_bytes_total");
      const data = Buffer.alloc(300_000, 7);
      await new Promise<void>((resolve, reject) => {
        const upload = new tus.Upload(data, {
          endpoint: `${server.base}${UPLOADS_PATH}`,
          headers: { "X-Auth-Token": key },
          metadata: { filename: "docker_metrics_v1.0.tar" },
          chunkSize: 100_000, // three PATCHes
          retryDelays: null,
          onSuccess: () => resolve(),
          onError: reject,
        });
        upload.start();
      });
      expect(value(await metrics(), "stagecraft_uploads_bytes_total")).toBe(before + data.length);
    } finally {
      await server.close();
    }
  });
});
