import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { deploymentEvents, deploymentResources, deployments, type User } from "@/db/schema";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { createDeployment, requestUninstall } from "@/lib/deploy/service";
import type { NodeContext, Provider } from "@/lib/deploy/types";
import { ConflictError, InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { makeApp, makeSpec } from "../support/apps";
import { FIXTURES } from "../support/archives";
import { activateTarget } from "../support/deployments";
import { readyImageFrom } from "../support/images";
import { makeUser } from "../support/users";

/** An in-memory engine that can fail at one node and tells what it holds. */
function fakeProvider(failAt?: string) {
  const live = new Map<string, string>();
  const calls: string[] = [];
  const provider: Provider = {
    simulated: true,
    check: async () => "fake engine",
    async create(ctx: NodeContext) {
      calls.push(`create ${ctx.nodeId}`);
      if (ctx.nodeId === failAt) throw new Error(`${ctx.nodeId} exploded`);
      const id = live.get(ctx.nodeId) ?? `x-${ctx.nodeId}`;
      live.set(ctx.nodeId, id);
      return { externalId: id, details: ctx.type === "endpoint" ? { url: `http://fake/${ctx.nodeId}/` } : undefined };
    },
    async remove(ctx: NodeContext) {
      calls.push(`remove ${ctx.nodeId}`);
      live.delete(ctx.nodeId);
    },
  };
  return { provider, live, calls };
}

// creds ← app ← web (endpoint); vol ← app; app also depends on net
const GRAPH = {
  nodes: [
    { id: "net", type: "network" },
    { id: "vol", type: "volume" },
    { id: "creds", type: "credentials", properties: { username: "operator" } },
    { id: "app", type: "workload", properties: { image: "hello-iot:v1.0", port: 8080 } },
    { id: "web", type: "endpoint", properties: { public: true } },
  ],
  edges: [
    { from: "app", to: "net" },
    { from: "app", to: "vol" },
    { from: "app", to: "creds" },
    { from: "web", to: "app" },
  ],
};

let isv: User;
beforeAll(async () => {
  activateTarget("sandbox", {});
  isv = await makeUser(["isv"]);
  await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
});

const deploy = (specId?: string) => createDeployment(isv, { graph: GRAPH, purpose: "test", location: "edge", specId });
const statusOf = (id: string) => getDb().select().from(deployments).where(eq(deployments.id, id)).get()!;
const resourcesOf = (id: string) => getDb().select().from(deploymentResources).where(eq(deploymentResources.deploymentId, id)).all();

describe("the deployment engine", () => {
  it("installs in dependency order, records every step and hands out the outputs", async () => {
    const { provider, calls, live } = fakeProvider();
    const d = deploy();
    await reconcileDeployment(d.id, provider);
    expect(statusOf(d.id).status).toBe("running");
    expect(calls.indexOf("create app")).toBeGreaterThan(calls.indexOf("create creds"));
    expect(calls.indexOf("create web")).toBeGreaterThan(calls.indexOf("create app"));
    expect(live.size).toBe(5);
    expect(resourcesOf(d.id).every((r) => r.status === "created")).toBe(true);
    const view = getDeploymentOrThrow(isv, d.id);
    expect(view.outputs).toEqual([
      { name: "username", label: "Account", value: "operator", secret: false },
      { name: "password", label: "Password", value: expect.stringMatching(/^[\w-]{16}$/), secret: true },
      { name: "accessUrl", label: "Access URL", value: "http://fake/web/", secret: false },
    ]);
    expect(view.events.map((e) => e.message)).toContain("installed");

    requestUninstall(isv, d.id);
    await reconcileDeployment(d.id, provider);
    expect(statusOf(d.id)).toMatchObject({ status: "deleted", outputs: null });
    expect(live.size).toBe(0);
    expect(calls.indexOf("remove web")).toBeLessThan(calls.indexOf("remove app"));
    expect(calls.indexOf("remove app")).toBeLessThan(calls.indexOf("remove creds"));
  });

  it("stops an install after the nodes under way when the server stops, without rolling back, and resumes it later", async () => {
    const { provider, calls, live } = fakeProvider();
    const controller = new AbortController();
    const stopping = new Error("the server is stopping");
    const create = provider.create;
    // The server is told to stop while the credentials node is being created.
    provider.create = async (ctx) => {
      if (ctx.nodeId === "creds") controller.abort(stopping);
      return create(ctx);
    };
    const d = deploy();
    await expect(reconcileDeployment(d.id, provider, controller.signal)).rejects.toBe(stopping);
    expect(statusOf(d.id)).toMatchObject({ status: "installing", failedNodeId: null });
    expect(calls).not.toContain("create app"); // depends on creds: never started
    expect(calls.some((c) => c.startsWith("remove"))).toBe(false); // no rollback
    expect(resourcesOf(d.id).find((r) => r.nodeId === "creds")?.status).toBe("created");

    await reconcileDeployment(d.id, provider);
    expect(statusOf(d.id).status).toBe("running");
    expect(live.size).toBe(5);
    expect(calls.filter((c) => c === "create creds")).toHaveLength(1); // done before the stop: not again
  });

  it.each(["net", "creds", "app", "web"])("rolls back everything created before a failure at %s", async (failAt) => {
    const { provider, live } = fakeProvider(failAt);
    const d = deploy();
    await reconcileDeployment(d.id, provider);
    expect(statusOf(d.id)).toMatchObject({ status: "failed", failedNodeId: failAt, failureMessage: `${failAt} exploded` });
    expect(live.size).toBe(0);
    expect(resourcesOf(d.id).filter((r) => r.status !== "deleted")).toEqual([]);
    const messages = getDb().select().from(deploymentEvents).where(eq(deploymentEvents.deploymentId, d.id)).all();
    expect(messages.find((e) => e.level === "error")).toMatchObject({ nodeId: failAt, message: `${failAt} exploded` });
  });

  it("resumes an interrupted install without creating anything twice", async () => {
    const { provider, calls } = fakeProvider();
    const d = deploy();
    // As a crash leaves it: installing, two nodes done, one half-way.
    getDb().update(deployments).set({ status: "installing" }).where(eq(deployments.id, d.id)).run();
    getDb().insert(deploymentResources).values([
      { deploymentId: d.id, nodeId: "net", type: "network", status: "created", externalId: "x-net", details: {} },
      { deploymentId: d.id, nodeId: "creds", type: "credentials", status: "created", externalId: "env", details: { username: "operator", password: "kept-from-before" } },
      { deploymentId: d.id, nodeId: "vol", type: "volume", status: "creating", details: {} },
    ]).run();
    await reconcileDeployment(d.id, provider);
    expect(calls.filter((c) => c.startsWith("create")).sort()).toEqual(["create app", "create vol", "create web"]);
    // A password recorded before passwords were sealed still reads back; the engine reuses it.
    expect(getDeploymentOrThrow(isv, d.id).outputs?.find((o) => o.name === "password")?.value).toBe("kept-from-before");
  });

  it("keeps generated passwords encrypted in the database and gives them back in clear to the owner", async () => {
    const { provider } = fakeProvider();
    const d = deploy();
    await reconcileDeployment(d.id, provider);
    const password = getDeploymentOrThrow(isv, d.id).outputs!.find((o) => o.name === "password")!.value;
    expect(password).toMatch(/^[\w-]{16}$/);
    const raw = JSON.stringify([statusOf(d.id).outputs, getDb().select().from(deploymentResources).where(eq(deploymentResources.deploymentId, d.id)).all()]);
    expect(raw).not.toContain(password);
    expect(raw).toContain('"password":"sealed:v2.');
  });

  it("fails without creating anything when the target does not answer", async () => {
    const { provider, calls } = fakeProvider();
    const d = deploy();
    await reconcileDeployment(d.id, { ...provider, check: async () => Promise.reject(new Error("connect ENOENT /nope.sock")) });
    expect(statusOf(d.id)).toMatchObject({ status: "failed", failureMessage: expect.stringContaining("does not answer: connect ENOENT /nope.sock") });
    expect(calls).toEqual([]);
    expect(resourcesOf(d.id)).toEqual([]);
  });

  it("fails at a workload whose image is not one of the owner's ready images, and rolls back", async () => {
    const { provider, live } = fakeProvider();
    const other = await makeUser(["isv"]);
    const d = createDeployment(other, { graph: GRAPH, purpose: "test", location: "cloud" });
    await reconcileDeployment(d.id, provider);
    expect(statusOf(d.id)).toMatchObject({ status: "failed", failedNodeId: "app", failureMessage: "image hello-iot:v1.0 is not one of the owner's ready images" });
    expect(live.size).toBe(0);
  });

  it("refuses a second live deploy test of a spec, invalid graphs, others' deployments and uninstalls mid-install", async () => {
    const spec = makeSpec(isv, makeApp(isv).id);
    const first = deploy(spec.id);
    expect(() => deploy(spec.id)).toThrow(ConflictError);
    expect(() => createDeployment(isv, { graph: { nodes: [{ id: "a", type: "network" }], edges: [{ from: "a", to: "a" }] }, purpose: "test", location: "edge" })).toThrow(ValidationError);
    expect(() => requestUninstall(isv, first.id)).toThrow(InvalidStateError);
    const stranger = await makeUser(["isv"]);
    expect(() => getDeploymentOrThrow(stranger, first.id)).toThrow(NotFoundError);
    expect(() => requestUninstall(stranger, first.id)).toThrow(NotFoundError);
    await reconcileDeployment(first.id, fakeProvider("app").provider);
    expect(() => deploy(spec.id)).not.toThrow(); // the failed one no longer counts
  });
});
