import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { deployments, registryPullTokens, type User } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { labelledLeftovers } from "@/lib/deploy/providers/docker";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { createDeployment, requestUninstall } from "@/lib/deploy/service";
import { FIXTURES } from "../support/archives";
import { activateTarget } from "../support/deployments";
import { startDockerd, type TestEngine } from "../support/dockerd";
import { serveRegistry, validatedVersion } from "../support/registry";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

let engine: TestEngine;
let server: Awaited<ReturnType<typeof serveRegistry>>;
let isv: User;

beforeAll(async () => {
  [engine, server] = await Promise.all([startDockerd(), serveRegistry()]);
  process.env.PUBLIC_URL = server.base;
  isv = await makeUser(["isv"]);
  await validatedVersion(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
}, 60_000);
afterAll(async () => {
  delete process.env.PUBLIC_URL;
  await Promise.all([engine?.stop(), server?.close()]);
}, 30_000);

const graph = {
  nodes: [
    { id: "creds", type: "credentials" },
    { id: "app", type: "workload", properties: { image: "hello-iot:v1.0", port: 8080, healthPath: "/health" } },
    { id: "web", type: "endpoint", properties: { public: true } },
  ],
  edges: [
    { from: "app", to: "creds" },
    { from: "web", to: "app" },
  ],
};
const statusOf = (id: string) => getDb().select().from(deployments).where(eq(deployments.id, id)).get()!;
const tokensOf = (id: string) => getDb().select().from(registryPullTokens).where(eq(registryPullTokens.deploymentId, id)).all();
const host = () => new URL(server.base).host;

async function pull(reference: string, username: string, password: string) {
  const stream = await engine.docker.pull(reference, { authconfig: { username, password, serveraddress: host() } });
  const messages: { error?: string }[] = await new Promise((resolve, reject) =>
    engine.docker.modem.followProgress(stream, (err, out) => (err ? reject(err) : resolve(out))),
  );
  const failed = messages.find((m) => m.error);
  if (failed) throw new Error(failed.error);
}

describe("a real Docker Engine pulling from the registry endpoint", () => {
  it("pulls with the owner's email and API key (docker login) and refuses another ISV", async () => {
    const reference = `${host()}/${isv.handle}/hello-iot:v1.0`;
    await pull(reference, isv.email, createApiKey(isv, { name: "docker" }).key);
    const inspected = await engine.docker.getImage(reference).inspect();
    expect(inspected.RootFS.Layers).toEqual(["sha256:017d8ae3f7af82dae2f9fd2ffa2fcc892bcdf84a5c1918ca9914fe0b1f72b93b"]);
    await engine.docker.getImage(reference).remove({ force: true });
    const other = await makeUser(["isv"]);
    await expect(pull(reference, other.email, createApiKey(other, { name: "docker" }).key)).rejects.toThrow(/not found|unknown|denied/i);
  }, 60_000);

  it("deploys with pullFromRegistry: the engine pulls with a pull token, the page answers, uninstall revokes the token", async () => {
    const target = activateTarget("docker", { socketPath: engine.socketPath, healthTimeoutMs: 20_000, pullFromRegistry: true });
    const d = createDeployment(isv, { graph, purpose: "test", location: "edge" });
    await reconcileDeployment(d.id);
    expect(statusOf(d.id)).toMatchObject({ status: "running", failureMessage: null });
    const outputs = getDeploymentOrThrow(isv, d.id).outputs!;
    const value = (name: string) => outputs.find((o) => o.name === name)!.value;
    const auth = Buffer.from(`${value("username")}:${value("password")}`).toString("base64");
    const page = await fetch(value("accessUrl"), { headers: { Authorization: `Basic ${auth}` } });
    expect(await page.text()).toContain("hello-iot v1.0");
    // Pulled under the registry reference; the archive (tagged localhost/hello-iot:v1.0) was never loaded.
    const tags = (await engine.docker.listImages()).flatMap((i) => i.RepoTags ?? []);
    expect(tags).toContain(`${host()}/${isv.handle}/hello-iot:v1.0`);
    expect(tags).not.toContain("localhost/hello-iot:v1.0");
    expect(tokensOf(d.id)).toHaveLength(1);
    expect(tokensOf(d.id)[0]!.revokedAt).toBeNull();
    // The token is not in the deployment's log.
    const events = JSON.stringify(getDb().$client.prepare("select message from deployment_events where deployment_id = ?").all(d.id));
    expect(events).toContain("pulling image");
    expect(events).not.toMatch(/scp_/);

    requestUninstall(isv, d.id);
    await reconcileDeployment(d.id);
    expect(statusOf(d.id).status).toBe("deleted");
    expect(tokensOf(d.id).every((t) => t.revokedAt !== null)).toBe(true);
    expect(await labelledLeftovers(target, d.id)).toEqual({ containers: 0, volumes: 0, networks: 0 });
  }, 120_000);

  it("fails the workload with Docker's message when the registry does not answer, and revokes the token", async () => {
    await engine.docker.getImage(`${host()}/${isv.handle}/hello-iot:v1.0`).remove({ force: true }).catch(() => {});
    activateTarget("docker", { socketPath: engine.socketPath, healthTimeoutMs: 20_000, pullFromRegistry: true });
    process.env.PUBLIC_URL = "http://127.0.0.1:9"; // discard port: nothing listens
    try {
      const d = createDeployment(isv, { graph, purpose: "test", location: "edge" });
      await reconcileDeployment(d.id);
      expect(statusOf(d.id)).toMatchObject({ status: "failed", failedNodeId: "app", failureMessage: expect.stringMatching(/127\.0\.0\.1:9/) });
      expect(tokensOf(d.id).every((t) => t.revokedAt !== null)).toBe(true);
    } finally {
      process.env.PUBLIC_URL = server.base;
    }
  }, 60_000);
});
