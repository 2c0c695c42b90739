import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { deployments, type DeploymentTarget, type User } from "@/db/schema";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { labelledLeftovers } from "@/lib/deploy/providers/docker";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { createDeployment, requestUninstall } from "@/lib/deploy/service";
import { FIXTURES } from "../support/archives";
import { activateTarget, peersRoundTrip } from "../support/deployments";
import { startDockerd, type TestEngine } from "../support/dockerd";
import { readyImageFrom } from "../support/images";
import { makeUser } from "../support/users";

let engine: TestEngine;
let target: DeploymentTarget;
let isv: User;

beforeAll(async () => {
  engine = await startDockerd();
  target = activateTarget("docker", { socketPath: engine.socketPath, healthTimeoutMs: 20_000 });
  isv = await makeUser(["isv"]);
  // A copy, so one test can remove it.
  const archive = path.join(process.env.DATA_DIR!, "hello.tar.gz");
  fs.copyFileSync(`${FIXTURES}/docker_hello-iot_v1.0.tar.gz`, archive);
  await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", archive);
}, 60_000);
afterAll(() => engine?.stop(), 30_000);

const app = (properties: Record<string, unknown> = {}) => ({
  nodes: [
    { id: "creds", type: "credentials" },
    { id: "app", type: "workload", properties: { image: "hello-iot:v1.0", port: 8080, healthPath: "/health", ...properties } },
    { id: "web", type: "endpoint", properties: { public: true } },
  ],
  edges: [
    { from: "app", to: "creds" },
    { from: "web", to: "app" },
  ],
});
const statusOf = (id: string) => getDb().select().from(deployments).where(eq(deployments.id, id)).get()!;
const output = (id: string, name: string) => getDeploymentOrThrow(isv, id).outputs!.find((o) => o.name === name)!.value;

describe("the docker provider on a real Docker Engine", () => {
  it("installs the fixture with an endpoint and credentials, serves it, and uninstalls leaving nothing", async () => {
    const d = createDeployment(isv, { graph: app(), purpose: "test", location: "edge" });
    await reconcileDeployment(d.id);
    expect(statusOf(d.id)).toMatchObject({ status: "running", failureMessage: null });
    const url = output(d.id, "accessUrl");
    expect((await fetch(url)).status).toBe(401);
    const auth = Buffer.from(`${output(d.id, "username")}:${output(d.id, "password")}`).toString("base64");
    const page = await fetch(url, { headers: { Authorization: `Basic ${auth}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("hello-iot v1.0");
    expect((await labelledLeftovers(target, d.id)).containers).toBe(1);

    requestUninstall(isv, d.id);
    await reconcileDeployment(d.id);
    expect(statusOf(d.id).status).toBe("deleted");
    expect(await labelledLeftovers(target, d.id)).toEqual({ containers: 0, volumes: 0, networks: 0 });
    await expect(fetch(url)).rejects.toThrow();
  }, 120_000);

  it("gives the deployment a network of its own: two workloads on port 8080 reach each other by node id, none on the host network", async () => {
    await peersRoundTrip(isv, target, engine.docker);
  }, 120_000);

  it("runs two replicas of an image that always listens on port 80, each healthy on a host port of its own", async () => {
    const d = createDeployment(isv, { graph: app({ port: 80, replicas: 2, command: ["httpd", "-f", "-p", "80", "-h", "/www"] }), purpose: "test", location: "edge" });
    await reconcileDeployment(d.id);
    expect(statusOf(d.id)).toMatchObject({ status: "running", failureMessage: null });
    const containers = await engine.docker.listContainers({ filters: { label: [`stagecraft.deployment=${d.id}`] } });
    const hostPorts = containers.map((c) => c.Ports.find((p) => p.PrivatePort === 80)!.PublicPort);
    expect(new Set(hostPorts).size).toBe(2);
    for (const port of hostPorts) expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(hostPorts).toContain(Number(new URL(output(d.id, "accessUrl")).port));
    requestUninstall(isv, d.id);
    await reconcileDeployment(d.id);
    expect(await labelledLeftovers(target, d.id)).toEqual({ containers: 0, volumes: 0, networks: 0 });
  }, 120_000);

  it("times out a container that never becomes healthy, logs its last lines and rolls back", async () => {
    activateTarget("docker", { socketPath: engine.socketPath, healthTimeoutMs: 3_000 });
    const d = createDeployment(isv, { graph: app({ command: ["sh", "-c", "echo starting the broken app; sleep 60"] }), purpose: "test", location: "edge" });
    await reconcileDeployment(d.id);
    const failed = statusOf(d.id);
    expect(failed).toMatchObject({ status: "failed", failedNodeId: "app" });
    expect(failed.failureMessage).toContain("not healthy");
    expect(failed.failureMessage).toContain("starting the broken app");
    expect(await labelledLeftovers(target, d.id)).toEqual({ containers: 0, volumes: 0, networks: 0 });
    activateTarget("docker", { socketPath: engine.socketPath, healthTimeoutMs: 20_000 });
  }, 60_000);

  it("fails at the workload when the image archive is missing and the engine lacks the image", async () => {
    await engine.docker.getImage("localhost/hello-iot:v1.0").remove({ force: true }).catch(() => {});
    const archive = path.join(process.env.DATA_DIR!, "hello.tar.gz");
    fs.renameSync(archive, `${archive}.away`);
    const d = createDeployment(isv, { graph: app(), purpose: "test", location: "edge" });
    await reconcileDeployment(d.id);
    fs.renameSync(`${archive}.away`, archive);
    expect(statusOf(d.id)).toMatchObject({ status: "failed", failedNodeId: "app", failureMessage: expect.stringContaining("image archive is missing") });
  }, 60_000);

  // An app that takes 5 s to start listening: the install is certainly still under way (waiting
  // for it to be healthy, network and container made) when the process doing it is killed.
  const slowStart = () =>
    app({ command: ["/bin/sh", "-c", 'sleep 5; echo "/:$ADMIN_USER:$ADMIN_PASSWORD" > /etc/httpd.conf; exec httpd -f -p "$PORT" -h /www -c /etc/httpd.conf'] });

  /** Starts installing `d` in a child process and kills it once its container (on its network) exists. */
  async function killMidInstall(id: string) {
    const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "tests/support/reconcile-child.ts", id], {
      env: process.env,
      stdio: "ignore",
    });
    const until = Date.now() + 60_000;
    while ((await labelledLeftovers(target, id)).containers === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    // The engine finishes a call the killed process had made (a container being created): wait
    // until it holds still, as the worker's 30 s lease would before another process takes over.
    for (let last = "", now = JSON.stringify(await labelledLeftovers(target, id)); now !== last; ) {
      await new Promise((r) => setTimeout(r, 500));
      [last, now] = [now, JSON.stringify(await labelledLeftovers(target, id))];
    }
    expect(statusOf(id).status).toBe("installing");
    expect((await labelledLeftovers(target, id)).networks).toBe(1);
  }

  it("finishes an install whose process was killed with the network made, without a second network or container", async () => {
    const d = createDeployment(isv, { graph: slowStart(), purpose: "test", location: "edge" });
    await killMidInstall(d.id);
    await reconcileDeployment(d.id);
    expect(statusOf(d.id).status).toBe("running");
    expect(await labelledLeftovers(target, d.id)).toEqual({ containers: 1, volumes: 0, networks: 1 });
    expect((await fetch(output(d.id, "accessUrl"))).status).toBe(401);
    requestUninstall(isv, d.id);
    await reconcileDeployment(d.id);
    expect(await labelledLeftovers(target, d.id)).toEqual({ containers: 0, volumes: 0, networks: 0 });
  }, 120_000);

  it("rolls back an install killed with the network made after its failure was recorded, network included", async () => {
    const d = createDeployment(isv, { graph: slowStart(), purpose: "test", location: "edge" });
    await killMidInstall(d.id);
    // As if the workload had failed just before the crash: the next run rolls back.
    getDb().update(deployments).set({ failedNodeId: "app", failureMessage: "failed before the crash" }).where(eq(deployments.id, d.id)).run();
    await reconcileDeployment(d.id);
    expect(statusOf(d.id).status).toBe("failed");
    expect(await labelledLeftovers(target, d.id)).toEqual({ containers: 0, volumes: 0, networks: 0 });
  }, 120_000);
});
