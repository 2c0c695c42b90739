import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import { expect } from "vitest";
import { getDb } from "@/db";
import { eq } from "drizzle-orm";
import { deployments, deploymentTargets, type DeploymentOutput, type DeploymentTarget, type User } from "@/db/schema";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { labelledLeftovers } from "@/lib/deploy/providers/docker";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { createDeployment, requestUninstall } from "@/lib/deploy/service";
import { FIXTURES } from "./archives";
import { readyImageFrom } from "./images";
import { makeUser } from "./users";

/** An ISV whose hello-iot v1.0 image is ready, deploying to the sandbox: what a spec's deploy test needs. */
export async function sandboxIsvWithImage(): Promise<User> {
  activateTarget("sandbox", { delayMs: 1 });
  const isv = await makeUser(["isv"]);
  await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
  return isv;
}

/** A target serving every location, replacing the ones that exist. */
export function activateTarget(provider: DeploymentTarget["provider"], settings: Record<string, unknown>, id: string = randomUUID()): DeploymentTarget {
  const db = getDb();
  db.update(deploymentTargets).set({ enabled: false }).run();
  return db
    .insert(deploymentTargets)
    .values({ id, name: `t-${randomUUID()}`, locations: ["cloud", "edge", "private"], provider, settings })
    .returning()
    .get();
}

/**
 * A network, two workloads of the hello-iot fixture both on port 8080 (the UI depends on the API
 * and fetches a page from it by node id at start), credentials and a public endpoint for the UI.
 */
export function peersGraph() {
  return {
    nodes: [
      { id: "net", type: "network" },
      { id: "creds", type: "credentials" },
      // The API writes a page of its own, so the UI can only have fetched it from the other container.
      { id: "api", type: "workload", properties: { image: "hello-iot:v1.0", port: 8080, healthPath: "/health", command: ["/bin/sh", "-c", 'echo api-says-hello > /www/whoami; exec httpd -f -p "$PORT" -h /www'] } },
      {
        id: "ui",
        type: "workload",
        properties: {
          image: "hello-iot:v1.0",
          port: 8080,
          command: ["/bin/sh", "-c", 'wget -qO /www/peer http://api:8080/whoami || exit 1; echo "/:$ADMIN_USER:$ADMIN_PASSWORD" > /etc/httpd.conf; exec httpd -f -p "$PORT" -h /www -c /etc/httpd.conf'],
        },
      },
      { id: "web", type: "endpoint", properties: { public: true } },
    ],
    edges: [
      { from: "api", to: "net" },
      { from: "ui", to: "net" },
      { from: "ui", to: "api" },
      { from: "ui", to: "creds" },
      { from: "web", to: "ui" },
    ],
  };
}

/**
 * What a running peersGraph deployment must show: both containers on the deployment's network
 * and no other (never the host's), the UI serving the API's page it fetched by name, and the
 * access URL answering 401 without the generated credentials and 200 with them.
 */
export async function expectIsolatedPeers(docker: Docker, deploymentId: string, outputs: DeploymentOutput[]) {
  const containers = await docker.listContainers({ filters: { label: [`stagecraft.deployment=${deploymentId}`] } });
  expect(containers).toHaveLength(2);
  for (const c of containers) {
    const info = await docker.getContainer(c.Id).inspect();
    expect(info.HostConfig.NetworkMode).toBe(`sc-${deploymentId}`);
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([`sc-${deploymentId}`]);
  }
  const output = (name: string) => outputs.find((o) => o.name === name)!.value;
  const url = output("accessUrl");
  expect((await fetch(url)).status).toBe(401);
  const auth = { Authorization: `Basic ${Buffer.from(`${output("username")}:${output("password")}`).toString("base64")}` };
  expect((await fetch(url, { headers: auth })).status).toBe(200);
  expect((await (await fetch(`${url}peer`, { headers: auth })).text()).trim()).toBe("api-says-hello");
}

/**
 * Installs peersGraph for `owner` on the active `target`, checks it end to end
 * (expectIsolatedPeers), uninstalls it and checks that nothing of it is left on the engine.
 */
export async function peersRoundTrip(owner: User, target: DeploymentTarget, docker: Docker) {
  const d = createDeployment(owner, { graph: peersGraph(), purpose: "test", location: "edge" });
  await reconcileDeployment(d.id);
  const status = () => getDb().select().from(deployments).where(eq(deployments.id, d.id)).get()!;
  expect(status()).toMatchObject({ status: "running", failureMessage: null });
  await expectIsolatedPeers(docker, d.id, getDeploymentOrThrow(owner, d.id).outputs!);
  requestUninstall(owner, d.id);
  await reconcileDeployment(d.id);
  expect(status().status).toBe("deleted");
  expect(await labelledLeftovers(target, d.id)).toEqual({ containers: 0, volumes: 0, networks: 0 });
  expect(await docker.listNetworks({ filters: { name: [`sc-${d.id}`] } })).toEqual([]);
  return d;
}
