import os from "node:os";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { deployments, deploymentTargets, type User } from "@/db/schema";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { createDeployment, ensureLocalTarget, requestUninstall } from "@/lib/deploy/service";
import { FIXTURES } from "../support/archives";
import { activateTarget } from "../support/deployments";
import { startDockerd, type TestEngine } from "../support/dockerd";
import { readyImageFrom } from "../support/images";
import { makeUser } from "../support/users";

let engine: TestEngine;
let isv: User;

/** An address of this machine other than loopback: where a container would see the engine's host. */
const hostAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

beforeAll(async () => {
  engine = await startDockerd();
  isv = await makeUser(["isv"]);
  await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
}, 60_000);
afterAll(() => engine?.stop(), 30_000);
afterEach(() => {
  delete process.env.DOCKER_PROBE_HOST;
  delete process.env.DOCKER_PUBLIC_HOST;
  delete process.env.DOCKER_SOCKET;
});

describe("a Docker target's probe host (Stagecraft in a container, the host's engine mounted)", () => {
  it("takes DOCKER_PROBE_HOST and DOCKER_PUBLIC_HOST into the local target at the first start, and refuses a malformed one", async () => {
    getDb().delete(deploymentTargets).run();
    process.env.DOCKER_SOCKET = engine.socketPath;
    process.env.DOCKER_PROBE_HOST = "host.docker.internal";
    process.env.DOCKER_PUBLIC_HOST = "iot.example.com";
    await ensureLocalTarget();
    const [local] = getDb().select().from(deploymentTargets).all();
    expect(local).toMatchObject({ name: "local", provider: "docker", settings: { socketPath: engine.socketPath, probeHost: "host.docker.internal", publicHost: "iot.example.com" } });

    getDb().delete(deploymentTargets).run();
    process.env.DOCKER_PROBE_HOST = "http://host";
    await expect(ensureLocalTarget()).rejects.toThrow("DOCKER_PROBE_HOST");
    expect(getDb().select().from(deploymentTargets).all()).toEqual([]);
  }, 30_000);

  it.skipIf(!hostAddress)("probes the workload at the probe host and publishes a port nobody else needs on that address only", async () => {
    activateTarget("docker", { socketPath: engine.socketPath, probeHost: hostAddress, healthTimeoutMs: 20_000 });
    // No endpoint: the workload's port is only for the health check.
    const graph = { nodes: [{ id: "app", type: "workload", properties: { image: "hello-iot:v1.0", port: 8080, healthPath: "/health" } }], edges: [] };
    const d = createDeployment(isv, { graph, purpose: "test", location: "edge" });
    await reconcileDeployment(d.id);
    expect(getDb().select().from(deployments).where(eq(deployments.id, d.id)).get()).toMatchObject({ status: "running", failureMessage: null });
    const [container] = await engine.docker.listContainers({ filters: { label: [`stagecraft.deployment=${d.id}`] } });
    expect(container!.Ports.filter((p) => p.PrivatePort === 8080).map((p) => p.IP)).toEqual([hostAddress]);
    requestUninstall(isv, d.id);
    await reconcileDeployment(d.id);
  }, 120_000);

  it("fails the workload with the reason when the probe host does not resolve", async () => {
    activateTarget("docker", { socketPath: engine.socketPath, probeHost: "no-such-host.invalid", healthTimeoutMs: 5_000 });
    const graph = { nodes: [{ id: "app", type: "workload", properties: { image: "hello-iot:v1.0", port: 8080, healthPath: "/health" } }], edges: [] };
    const d = createDeployment(isv, { graph, purpose: "test", location: "edge" });
    await reconcileDeployment(d.id);
    const row = getDb().select().from(deployments).where(eq(deployments.id, d.id)).get()!;
    expect(row.status).toBe("failed");
    expect(row.failureMessage).toContain("the probe host no-such-host.invalid does not resolve");
  }, 120_000);
});
