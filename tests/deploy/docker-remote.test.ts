import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { deployments, deploymentTargets, type User } from "@/db/schema";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { createDeployment, createTarget } from "@/lib/deploy/service";
import { FIXTURES } from "../support/archives";
import { activateTarget, peersGraph, peersRoundTrip } from "../support/deployments";
import { startDockerd, type TestEngine } from "../support/dockerd";
import { serveRegistry, validatedVersion } from "../support/registry";
import { makePki } from "../support/tls";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

// Docker Engines on the other side of a TCP connection, as a second machine would be: health
// checks and access URLs go to the ports the engine publishes on its host, never to this
// server's loopback, and images arrive as archives or are pulled from this server's /v2/.
let plain: TestEngine;
let secured: TestEngine;
let server: Awaited<ReturnType<typeof serveRegistry>>;
let isv: User;
let operator: User;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "remote-engine-"));
  const pki = makePki(dir);
  [plain, secured, server] = await Promise.all([startDockerd({ tcp: true, tcpHost: "127.0.0.2" }), startDockerd({ tcp: true, tls: pki }), serveRegistry()]);
  process.env.PUBLIC_URL = server.base;
  [isv, operator] = await Promise.all([makeUser(["isv"]), makeUser(["operator"])]);
  await validatedVersion(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
}, 120_000);
afterAll(async () => {
  delete process.env.PUBLIC_URL;
  await Promise.all([plain?.stop(), secured?.stop(), server?.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

const statusOf = (id: string) => getDb().select().from(deployments).where(eq(deployments.id, id)).get()!;

describe("a Docker Engine over TCP", () => {
  it("installs, health-checks, reaches and uninstalls a two-workload graph, loading the archive", async () => {
    // 127.0.0.2 stands for another host: access URLs and health checks go there.
    const target = activateTarget("docker", { host: "127.0.0.2", port: plain.tcpPort, healthTimeoutMs: 20_000 });
    const d = await peersRoundTrip(isv, target, plain.docker);
    const events = getDb().$client.prepare("select message from deployment_events where deployment_id = ?").all(d.id) as { message: string }[];
    expect(events.map((e) => e.message).join("\n")).toMatch(/published on 127\.0\.0\.2:\d+/);
    expect((await plain.docker.listImages()).flatMap((i) => i.RepoTags ?? [])).toContain("localhost/hello-iot:v1.0");
  }, 180_000);

  it("does the same pulling the image from this server's registry endpoint", async () => {
    for (const image of await plain.docker.listImages()) await plain.docker.getImage(image.Id).remove({ force: true });
    const target = activateTarget("docker", { host: "127.0.0.2", port: plain.tcpPort, healthTimeoutMs: 20_000, pullFromRegistry: true });
    const d = await peersRoundTrip(isv, target, plain.docker);
    const events = getDb().$client.prepare("select message from deployment_events where deployment_id = ?").all(d.id) as { message: string }[];
    expect(events.map((e) => e.message).join("\n")).toContain(`pulling image ${new URL(server.base).host}/${isv.handle}/hello-iot:v1.0`);
  }, 180_000);

  it("with TLS client certificates entered by an operator (the key sealed), and refuses a client without them", async () => {
    const pem = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
    const created = await createTarget(operator, {
      name: "remote-tls",
      locations: ["edge"],
      provider: "docker",
      settings: { host: "127.0.0.1", port: secured.tcpPort, tlsCa: pem("ca.crt"), tlsCert: pem("client.crt"), tlsKey: pem("client.key") },
    });
    expect(JSON.stringify(created.settings)).not.toContain("PRIVATE KEY");
    expect(created.settings.tlsKeyEncrypted).toMatch(/^v2\./);
    // The form's validation and the engine's health checks apply as to any target.
    getDb().update(deploymentTargets).set({ settings: { ...created.settings, healthTimeoutMs: 20_000 } }).where(eq(deploymentTargets.id, created.id)).run();
    getDb().update(deploymentTargets).set({ enabled: false }).run();
    getDb().update(deploymentTargets).set({ enabled: true }).where(eq(deploymentTargets.id, created.id)).run();
    const target = getDb().select().from(deploymentTargets).where(eq(deploymentTargets.id, created.id)).get()!;
    await peersRoundTrip(isv, target, secured.docker);

    const without = activateTarget("docker", { host: "127.0.0.1", port: secured.tcpPort, healthTimeoutMs: 5_000 });
    const d = createDeployment(isv, { graph: peersGraph(), purpose: "test", location: "edge" });
    await reconcileDeployment(d.id);
    expect(statusOf(d.id)).toMatchObject({ status: "failed", failureMessage: expect.stringContaining(`the target ${without.name} does not answer`) });
  }, 180_000);
});
