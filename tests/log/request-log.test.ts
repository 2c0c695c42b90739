import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { User } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { verifyLogin } from "@/lib/auth/login";
import { authenticateRequest } from "@/lib/auth/guards";
import { stampClientAddress, trustedProxies } from "@/lib/cli/client-address.mjs";
import { observeRequests, readRoutes } from "@/lib/cli/request-log.mjs";
import { emit } from "@/lib/events";
import { enqueueJob } from "@/lib/jobs/queue";
import { drainJobs, registerJobHandler } from "@/lib/jobs/worker";
import { registry } from "@/lib/metrics/instruments.mjs";
import { serveRegistry } from "@/lib/registry/node";
import { getDb } from "@/db";
import { logSink } from "../support/log-sink";
import { serve } from "../support/http";
import { closed, connect, connectDevice, makeDevices, startBroker } from "../support/mqtt";
import { makeUser } from "../support/users";

// Every module below logs through the process logger: make it one this file can read.
const log = await vi.hoisted(async () => (await import("../support/log-sink")).captureProcessLog());
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

// Route templates as `next build` writes them (.next/routes-manifest.json).
const distDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-routes-"));
fs.writeFileSync(
  path.join(distDir, "routes-manifest.json"),
  JSON.stringify({
    staticRoutes: [{ page: "/api/health", regex: "^/api/health(?:/)?$" }],
    dynamicRoutes: [
      { page: "/api/uploads/[[...path]]", regex: "^/api/uploads(?:/(.+?))?(?:/)?$" },
      { page: "/api/v1/applications/[applicationId]", regex: "^/api/v1/applications/([^/]+?)(?:/)?$" },
    ],
  }),
);

let server: Awaited<ReturnType<typeof serve>>;
let user: User;
let key: string;
const requestLines = () => log.lines.filter((l) => l.event === "request");
const lastRequest = () => requestLines().at(-1);
const basic = (name: string, secret: string) => `Basic ${Buffer.from(`${name}:${secret}`).toString("base64")}`;

beforeAll(async () => {
  const routes = readRoutes(distDir);
  const observe = observeRequests(() => routes);
  // As lib/cli/server.mjs wires it: the registry's Node handler, and for /api a handler that
  // authenticates as the route handlers do.
  const trust = trustedProxies(undefined);
  server = await serve((req, res) => {
    stampClientAddress(req, trust);
    observe(req, res, () => {
      if (req.url?.startsWith("/v2")) return void serveRegistry(req, res);
      if (req.url === "/api/health/hang") return void res.writeHead(200).write("…"); // never ends
      const headers = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
      void authenticateRequest({ headers }).then((who) => res.writeHead(who ? 200 : 401).end());
    });
  });
  user = await makeUser(["isv"]);
  key = createApiKey(user, { name: "ci" }).key;
});
afterAll(() => server.close());
beforeEach(() => {
  log.lines.length = 0;
  log.raw.length = 0;
});

describe("the request log", () => {
  it("writes one JSON line per request: method, route template, status, duration, user; no id, query or key", async () => {
    const id = crypto.randomUUID();
    const res = await fetch(`${server.base}/api/v1/applications/${id}?access_token=query-secret`, { headers: { "X-Auth-Token": key, Cookie: "authjs.session-token=cookie-secret" } });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(requestLines()).toHaveLength(1));
    const line = lastRequest()!;
    expect(line).toMatchObject({ level: "info", method: "GET", route: "/api/v1/applications/[applicationId]", status: 200, userId: user.id, address: "127.0.0.1" });
    expect(line.durationMs).toEqual(expect.any(Number));
    const text = log.raw.join("\n");
    for (const secret of [id, "query-secret", "cookie-secret", key, "access_token"]) expect(text).not.toContain(secret);
  });

  it("logs a rejected API key (not the key) and the 401 without a user", async () => {
    const bad = "sc_live_not-a-real-key-0123456789";
    await fetch(`${server.base}/api/v1/applications/x`, { headers: { Authorization: `Bearer ${bad}` } });
    await vi.waitFor(() => expect(lastRequest()).toMatchObject({ status: 401 }));
    expect(lastRequest()).not.toHaveProperty("userId");
    expect(log.lines.find((l) => l.event === "auth.api-key.rejected")).toMatchObject({ level: "warn" });
    expect(log.raw.join("\n")).not.toContain(bad);
  });

  it("names registry requests by the registry's templates, with the puller, never the credentials", async () => {
    const res = await fetch(`${server.base}/v2/${user.handle}/secret-image-name/manifests/v1.0`, { headers: { Authorization: basic(user.email, key) } });
    expect(res.status).toBe(404); // no such image; still an authenticated registry request
    await vi.waitFor(() => expect(lastRequest()).toMatchObject({ method: "GET", route: "/v2/[name]/manifests/[reference]", status: 404, userId: user.id }));
    await fetch(`${server.base}/v2/a/b/blobs/sha256:${"0".repeat(64)}`, { headers: { Authorization: basic(user.email, "sc_wrong") } });
    await vi.waitFor(() => expect(lastRequest()).toMatchObject({ route: "/v2/[name]/blobs/[digest]", status: 401 }));
    expect(log.lines.find((l) => l.event === "registry.auth.rejected")).toMatchObject({ level: "warn", scheme: "Basic" });
    const text = log.raw.join("\n");
    for (const secret of [key, "sc_wrong", "secret-image-name", basic(user.email, key).slice(6)]) expect(text).not.toContain(secret);
  });

  it("names what no route matches [unmatched], and logs a request the client gave up on", async () => {
    await fetch(`${server.base}/api/unknown/sc_live_maybe-a-token`);
    await vi.waitFor(() => expect(lastRequest()).toMatchObject({ route: "[unmatched]", status: 401 }));
    const aborted = new Promise<void>((resolve) => {
      const req = http.get(`${server.base}/api/health/hang`, (res) => res.once("data", () => (req.destroy(), resolve())));
    });
    await aborted;
    await vi.waitFor(() => expect(lastRequest()).toMatchObject({ route: "[unmatched]", aborted: true }));
    expect(log.raw.join("\n")).not.toContain("maybe-a-token");
  });

  it("observes the same requests in stagecraft_http_request_duration_seconds", async () => {
    await fetch(`${server.base}/api/health`);
    await vi.waitFor(() => expect(lastRequest()).toMatchObject({ route: "/api/health" }));
    const text = await registry.getSingleMetricAsString("stagecraft_http_request_duration_seconds");
    expect(text).toMatch(/stagecraft_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="401"\} 1$/m);
    expect(text).toMatch(/_count\{method="GET",route="\/v2\/\[name\]\/manifests\/\[reference\]",status="404"\} 1$/m);
  });

  it("labels a method outside HTTP's usual ones OTHER, so clients cannot add label values", async () => {
    await new Promise<void>((resolve, reject) => http.request(`${server.base}/api/health`, { method: "PURGE" }, (res) => res.resume().once("end", resolve)).once("error", reject).end());
    await vi.waitFor(() => expect(lastRequest()).toMatchObject({ method: "OTHER", route: "/api/health" }));
    expect(await registry.getSingleMetricAsString("stagecraft_http_request_duration_seconds")).not.toContain("PURGE");
  });
});

describe("event lines", () => {
  it("log failed logins with the address and account, never the password or the typed email", async () => {
    const someone = await makeUser(["buyer"]);
    await verifyLogin({ email: someone.email, password: "hunter2-wrong" }, "10.9.8.7");
    await verifyLogin({ email: "typo-with-secret@test.local", password: "hunter2-wrong" }, "10.9.8.7");
    const failed = log.lines.filter((l) => l.event === "login.failed");
    expect(failed).toMatchObject([
      { level: "warn", address: "10.9.8.7", userId: someone.id },
      { level: "warn", address: "10.9.8.7", userId: null },
    ]);
    const text = log.raw.join("\n");
    for (const secret of ["hunter2-wrong", "typo-with-secret", someone.email]) expect(text).not.toContain(secret);
  });

  it("log jobs done, retried and failed for good, with kind, subject, attempt and duration", async () => {
    registerJobHandler("test.log-ok", { run: async () => {} });
    registerJobHandler("test.log-retry", { run: async () => Promise.reject(new Error("flaky")) });
    registerJobHandler("test.log-fail", { maxAttempts: 1, run: async () => Promise.reject(new Error("broken")) });
    for (const kind of ["test.log-ok", "test.log-retry", "test.log-fail"]) enqueueJob(getDb(), kind, `subject-${kind}`);
    await drainJobs();
    const outcomes = log.lines.filter((l) => l.event === "job").map((l) => [l.kind, l.outcome, l.level, l.attempt, l.subjectId]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        ["test.log-ok", "claimed", "debug", 1, "subject-test.log-ok"],
        ["test.log-ok", "done", "info", 1, "subject-test.log-ok"],
        ["test.log-retry", "retry", "warn", 1, "subject-test.log-retry"],
        ["test.log-fail", "failed", "error", 1, "subject-test.log-fail"],
      ]),
    );
    expect(log.lines.find((l) => l.outcome === "done")?.durationMs).toEqual(expect.any(Number));
  });

  it("log deployment status changes announced through lib/events", () => {
    emit("deployment.status", { deploymentId: "d-1", purpose: "test", status: "running" });
    expect(log.lines.find((l) => l.event === "deployment.status")).toMatchObject({ level: "info", deploymentId: "d-1", purpose: "test", status: "running" });
  });

  it("log MQTT connects, refusals and disconnects with client and device ids, never the password", async () => {
    const broker = await startBroker();
    try {
      const { devices } = await makeDevices(1);
      const [device] = devices;
      const client = await connectDevice(broker.port, device!);
      await client.endAsync();
      // Publishing to another device's topic ends the connection, with the reason in its line.
      const rogue = await connectDevice(broker.port, device!);
      rogue.publish(`$oc/devices/someone-else/sys/properties/report`, "{}", { qos: 0 });
      await closed(rogue);
      rogue.end(true);
      await vi.waitFor(() => expect(log.lines.filter((l) => l.event === "mqtt.disconnected")).toHaveLength(2));
      const clientId = `${device!.id}_0_0_2026010100`;
      await expect(connect(broker.port, { clientId, username: device!.id, password: "wrong-password-text" })).rejects.toThrow();
      await vi.waitFor(() => expect(log.lines.filter((l) => String(l.event).startsWith("mqtt."))).toHaveLength(5));
      // Ordinary connects and closes are debug (one each per device in a reconnect storm); an error
      // ending a connection and a refusal are not.
      expect(log.lines.filter((l) => String(l.event).startsWith("mqtt.")).map((l) => [l.event, l.deviceId, l.reason, l.level])).toEqual([
        ["mqtt.connected", device!.id, undefined, "debug"],
        ["mqtt.disconnected", device!.id, "closed", "debug"],
        ["mqtt.connected", device!.id, undefined, "debug"],
        ["mqtt.disconnected", device!.id, "topic not allowed", "info"],
        ["mqtt.refused", device!.id, "bad credentials", "warn"],
      ]);
      expect(log.lines.find((l) => l.event === "mqtt.refused")).toMatchObject({ level: "warn", clientId, reason: "bad credentials" });
      expect(log.raw.join("\n")).not.toContain("wrong-password-text");
      expect(log.raw.join("\n")).not.toContain(device!.secret);
    } finally {
      await broker.close();
    }
  });
});

describe("the logger", () => {
  it("redacts secret-named fields wherever a caller put them", () => {
    const sink = logSink();
    sink.logger.info({ password: "p", nested: { token: "t", headers: { authorization: "Bearer a", cookie: "c" } }, kind: "kept" }, "hello");
    expect(sink.lines[0]).toMatchObject({ level: "info", msg: "hello", password: "[redacted]", nested: { token: "[redacted]", headers: { authorization: "[redacted]", cookie: "[redacted]" } }, kind: "kept" });
  });
});
