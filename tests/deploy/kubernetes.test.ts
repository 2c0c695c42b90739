import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { deploymentEvents, deployments, jobs, type DeploymentTarget, type User } from "@/db/schema";
import { PROPERTY_SCHEMAS } from "@/lib/catalog/properties";
import { moveClock, now as clockNow, resetClock } from "@/lib/clock";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { pullRefreshJob } from "@/lib/deploy/job";
import { PULL_REFRESH_JOB } from "@/lib/deploy/job-kinds";
import { providerFor } from "@/lib/deploy/providers";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { checkTarget, createDeployment, createTarget, requestUninstall } from "@/lib/deploy/service";
import { kubernetesStoredSettings } from "@/lib/deploy/target-settings";
import { publicUrl, registryTokenTtlMs } from "@/lib/env";
import { InvalidStateError } from "@/lib/errors";
import { drainJobs, registerJobHandler } from "@/lib/jobs/worker";
import { appForKey, workloadEnvironment } from "@/lib/marketplace/app-keys";
import { createTrial, deployMyApp, uninstallMyApp } from "@/lib/marketplace/my-apps";
import { getPullTarget } from "@/lib/registry/queries";
import { authenticatePullToken } from "@/lib/registry/tokens";
import { FIXTURES } from "../support/archives";
import { activateTarget } from "../support/deployments";
import { readyImageFrom } from "../support/images";
import { kubeApiserverBinary, skipKubernetes, startKube, TOKENS, type TestCluster } from "../support/kube";
import { listedSpec, makeListing } from "../support/marketplace";
import { makeUser } from "../support/users";

const skipped = skipKubernetes();

/** A CA certificate no API server here was signed with: a wrong CA. */
const foreignCa = () =>
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "/dev/null", "-subj", "/CN=foreign-ca", "-days", "1"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });

let kube: TestCluster;
let isv: User;
let operator: User;

beforeAll(async () => {
  if (skipped) return;
  kube = await startKube(kubeApiserverBinary());
  isv = await makeUser(["isv"]);
  operator = await makeUser(["operator"]);
  await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
}, 120_000);
afterAll(() => kube?.stop(), 30_000);


/** Where the engine tells the cluster to pull from: the registry endpoint at PUBLIC_URL. */
const registry = new URL(publicUrl()).host;

async function kubeTarget(overrides: Record<string, unknown> = {}): Promise<DeploymentTarget> {
  const id = randomUUID(); // the sealed token is bound to the target's id
  const settings = await kubernetesStoredSettings(id, { server: kube.server, caData: kube.caData, token: TOKENS.admin, nodeAddress: "127.0.0.1", readyTimeoutMs: 1500, namespaceTimeoutMs: 15_000, ...overrides });
  return activateTarget("kubernetes", settings as unknown as Record<string, unknown>, id);
}

/** Installs `graph` on the active target (kubeTarget() makes one). */
async function deployWith(graph: object) {
  const d = createDeployment(isv, { graph: graph as never, purpose: "test", location: "cloud" });
  await reconcileDeployment(d.id);
  return getDb().select().from(deployments).where(eq(deployments.id, d.id)).get()!;
}

/** Every object of the deployment left anywhere on the cluster, by label. */
async function leftovers(deploymentId: string) {
  const labelSelector = `stagecraft.io/deployment=${deploymentId}`;
  const lists = await Promise.all([
    kube.core.listNamespace({ labelSelector }),
    kube.apps.listDeploymentForAllNamespaces({ labelSelector }),
    kube.core.listServiceForAllNamespaces({ labelSelector }),
    kube.core.listSecretForAllNamespaces({ labelSelector }),
    kube.core.listPersistentVolumeClaimForAllNamespaces({ labelSelector }),
  ]);
  return lists.flatMap((l) => l.items.map((i) => `${i.kind ?? ""}${i.metadata?.namespace ?? ""}/${i.metadata?.name}`));
}

/** Plays kubelet and controllers: reports every replica of the deployment's Deployments available. */
function replicasComeUp(deploymentId: string) {
  let running = true;
  const loop = (async () => {
    while (running) {
      const list = await kube.apps.listDeploymentForAllNamespaces({ labelSelector: `stagecraft.io/deployment=${deploymentId}` });
      for (const d of list.items) {
        const replicas = d.spec?.replicas ?? 1;
        if (d.status?.availableReplicas === replicas) continue;
        await kube.apps.replaceNamespacedDeploymentStatus({
          name: d.metadata!.name!,
          namespace: d.metadata!.namespace!,
          body: { ...d, status: { observedGeneration: d.metadata!.generation, replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas } },
        });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return () => {
    running = false;
    return loop;
  };
}

const FIXTURE_GRAPH = {
  nodes: [
    { id: "net", type: "network" },
    { id: "data", type: "volume", properties: { sizeMiB: 64, mountPath: "/var/lib/hello" } },
    { id: "creds", type: "credentials", properties: { username: "operator" } },
    { id: "app", type: "workload", properties: { image: "hello-iot:v1.0", port: 8080, replicas: 2, cpu: 0.25, memory: 128, env: { MODE: "prod" }, healthPath: "/health" } },
    { id: "web", type: "endpoint", properties: { public: true } },
  ],
  edges: [
    { from: "app", to: "net" },
    { from: "app", to: "data" },
    { from: "app", to: "creds" },
    { from: "web", to: "app" },
  ],
};

describe.skipIf(skipped)("the kubernetes provider on a real kube-apiserver", () => {
  it("测试连接 reports the version, and explains a wrong token, a wrong CA and missing permissions", async () => {
    const base = { locations: ["cloud" as const], provider: "kubernetes" as const };
    const settings = { server: kube.server, caData: kube.caData, nodeAddress: "127.0.0.1" };
    const good = await createTarget(operator, { ...base, name: "k8s-good", settings: { ...settings, token: TOKENS.admin } });
    expect(await checkTarget(operator, good.id)).toMatch(/^Kubernetes v1\.\d+\.\d+.* \(linux\/amd64\)$/);

    const cases: [string, Record<string, unknown>, string, Record<string, unknown>][] = [
      ["k8s-token", { ...settings, token: "wrong-token" }, "kubeUnauthorized", { server: kube.server }],
      ["k8s-ca", { ...settings, token: TOKENS.admin, caData: foreignCa() }, "kubeCertificate", { server: kube.server, reason: expect.stringMatching(/CERT|SIGN/) }],
      ["k8s-nobody", { ...settings, token: TOKENS.nobody }, "kubeForbidden", { missing: expect.stringContaining("create namespaces, create deployments.apps, create services") }],
      ["k8s-down", { ...settings, server: "https://127.0.0.1:1", token: TOKENS.admin }, "kubeUnreachable", { server: "https://127.0.0.1:1", reason: expect.stringContaining("ECONNREFUSED") }],
    ];
    for (const [name, bad, key, params] of cases) {
      const target = await createTarget(operator, { ...base, name, settings: bad });
      await expect(checkTarget(operator, target.id)).rejects.toThrow(expect.objectContaining({ constructor: InvalidStateError, message: key, params }));
    }
  });

  it("installs a buyer's app as labelled objects with the engine's pull token, serves its NodePort URL, and uninstalls leaving nothing", async () => {
    const target = await kubeTarget({ readyTimeoutMs: 20_000 });
    // A buyer's app, so that the engine hands the workload its app key, which must stay in a Secret.
    const buyer = await makeUser(["buyer"]);
    const listing = makeListing(isv, [listedSpec({ graph: FIXTURE_GRAPH as never })]);
    const app = createTrial(buyer, { listingId: listing.id, specId: listing.specs[0].id });
    const d0 = deployMyApp(buyer, app.id);
    const stop = replicasComeUp(d0.id);
    await reconcileDeployment(d0.id);
    await stop();
    const d = getDeploymentOrThrow(buyer, d0.id);
    const appKey = workloadEnvironment(d.id).STAGECRAFT_APP_KEY;
    expect(appForKey(appKey)?.id).toBe(app.id);
    expect(d).toMatchObject({ status: "running", failureMessage: null });
    const ns = `sc-${d.id}`;
    const labels = (node: string) => ({ "stagecraft.io/deployment": d.id, "stagecraft.io/node": node });

    expect((await kube.core.readNamespace({ name: ns })).metadata?.labels).toMatchObject(labels("net"));
    const deployment = await kube.apps.readNamespacedDeployment({ name: "app", namespace: ns });
    expect(deployment.metadata?.labels).toMatchObject(labels("app"));
    expect(deployment.metadata?.managedFields?.some((f) => f.manager === "stagecraft" && f.operation === "Apply")).toBe(true);
    expect(deployment.spec?.replicas).toBe(2);
    const pod = deployment.spec!.template.spec!;
    expect(pod.imagePullSecrets).toEqual([{ name: "app-pull" }]);
    expect(pod.containers[0]).toMatchObject({
      image: `${registry}/${isv.handle}/hello-iot:v1.0`,
      env: [{ name: "MODE", value: "prod" }, { name: "PORT", value: "8080" }],
      envFrom: [{ secretRef: { name: "creds" } }, { secretRef: { name: "app-env" } }],
      ports: [{ containerPort: 8080 }],
      volumeMounts: [{ name: "data", mountPath: "/var/lib/hello" }],
      resources: { limits: { cpu: "250m", memory: "128Mi" } },
      readinessProbe: { httpGet: { path: "/health", port: 8080 } },
    });
    expect(pod.volumes).toEqual([expect.objectContaining({ name: "data", persistentVolumeClaim: { claimName: "data" } })]);

    const creds = await kube.core.readNamespacedSecret({ name: "creds", namespace: ns });
    const output = (name: string) => d.outputs!.find((o) => o.name === name)!.value;
    expect(creds.metadata?.labels).toMatchObject(labels("creds"));
    expect(Buffer.from(creds.data!.ADMIN_USER, "base64").toString()).toBe("operator");
    expect(Buffer.from(creds.data!.ADMIN_PASSWORD, "base64").toString()).toBe(output("password"));

    expect(JSON.stringify(deployment)).not.toContain(appKey);
    const platformEnv = await kube.core.readNamespacedSecret({ name: "app-env", namespace: ns });
    expect(Buffer.from(platformEnv.data!.STAGECRAFT_APP_KEY, "base64").toString()).toBe(appKey);
    expect(Buffer.from(platformEnv.data!.STAGECRAFT_APP_ID, "base64").toString()).toBe(app.id);

    const pull = await kube.core.readNamespacedSecret({ name: "app-pull", namespace: ns });
    expect(pull.type).toBe("kubernetes.io/dockerconfigjson");
    const config = JSON.parse(Buffer.from(pull.data![".dockerconfigjson"], "base64").toString());
    expect(Object.keys(config.auths)).toEqual([registry]);
    const { username, password, auth } = config.auths[registry];
    expect(auth).toBe(Buffer.from(`${username}:${password}`).toString("base64"));
    // The registry endpoint lets this token pull the graph's image, for this deployment only.
    const grant = authenticatePullToken(password, username);
    expect(grant?.deploymentId).toBe(d.id);
    expect([...grant!.versionIds]).toEqual([getPullTarget(isv.id, "hello-iot:v1.0")!.versionId]);

    const claim = await kube.core.readNamespacedPersistentVolumeClaim({ name: "data", namespace: ns });
    expect(claim.spec?.resources?.requests).toEqual({ storage: "64Mi" });

    const service = await kube.core.readNamespacedService({ name: "web", namespace: ns });
    expect(service.metadata?.labels).toMatchObject(labels("web"));
    expect(service.spec).toMatchObject({ type: "NodePort", selector: labels("app"), ports: [expect.objectContaining({ port: 8080, targetPort: 8080 })] });
    const nodePort = service.spec!.ports![0].nodePort!;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(output("accessUrl")).toBe(`http://127.0.0.1:${nodePort}/`);

    // A repeated step finds what exists: same Service, same node port.
    const provider = providerFor(target);
    const again = await provider.create({
      deploymentId: d.id, nodeId: "web", type: "endpoint", properties: { public: true }, details: {},
      dependencies: [{ nodeId: "app", type: "workload", properties: { port: 8080 }, details: {} }], log: () => {},
    });
    expect(again.details?.url).toBe(`http://127.0.0.1:${nodePort}/`);

    uninstallMyApp(buyer, app.id);
    await reconcileDeployment(d.id);
    expect(getDeploymentOrThrow(buyer, d.id).status).toBe("deleted");
    await expect(kube.core.readNamespace({ name: ns })).rejects.toMatchObject({ code: 404 });
    expect(await leftovers(d.id)).toEqual([]);
    expect(authenticatePullToken(password, username)).toBeNull(); // revoked at uninstall
  });

  it("fails the workload at the readiness timeout with the cluster's reason, and rolls back leaving nothing", async () => {
    await kubeTarget({ readyTimeoutMs: 1500 });
    const d = await deployWith(FIXTURE_GRAPH);
    expect(d).toMatchObject({ status: "failed", failedNodeId: "app" });
    expect(d.failureMessage).toContain("0 of 2 replicas available after 2 s");
    // Only an API server here: nothing ever reports on the Deployment, and the message says so.
    expect(d.failureMessage).toContain("no controller has acted on it");
    expect(await leftovers(d.id)).toEqual([]);
    const events = getDb().select().from(deploymentEvents).where(eq(deploymentEvents.deploymentId, d.id)).all().map((e) => e.message);
    expect(events).toEqual(expect.arrayContaining(["rolled back", "network removed", "credentials removed", "volume removed"]));
  });

  it("quotes the conditions and warning events the cluster's controllers report", async () => {
    await kubeTarget({ readyTimeoutMs: 5000 });
    const d0 = createDeployment(isv, { graph: FIXTURE_GRAPH as never, purpose: "test", location: "cloud" });
    const ns = `sc-${d0.id}`;
    // Plays the deployment controller and the scheduler: a condition and an event, no replicas.
    const controller = (async () => {
      for (let i = 0; i < 100; i++) {
        try {
          const dep = await kube.apps.readNamespacedDeployment({ name: "app", namespace: ns });
          await kube.apps.replaceNamespacedDeploymentStatus({
            name: "app",
            namespace: ns,
            body: { ...dep, status: { observedGeneration: dep.metadata!.generation, replicas: 2, unavailableReplicas: 2, conditions: [{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." }] } },
          });
          await kube.core.createNamespacedEvent({
            namespace: ns,
            body: { metadata: { name: "app-1.sched", namespace: ns }, involvedObject: { kind: "Pod", name: "app-1", namespace: ns }, type: "Warning", reason: "FailedScheduling", message: "0/0 nodes are available." },
          });
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();
    await reconcileDeployment(d0.id);
    await controller;
    const d = getDb().select().from(deployments).where(eq(deployments.id, d0.id)).get()!;
    expect(d.status).toBe("failed");
    expect(d.failureMessage).toContain("Available MinimumReplicasUnavailable: Deployment does not have minimum availability.");
    expect(d.failureMessage).toContain("Pod FailedScheduling: 0/0 nodes are available.");
    expect(await leftovers(d.id)).toEqual([]);
  });

  it("fails the node with the API server's message when it refuses an object, and deletes what was created", async () => {
    await kubeTarget();
    // Two volumes at the same default mount path: the API server refuses the Deployment.
    const graph = {
      nodes: [
        { id: "a", type: "volume" },
        { id: "b", type: "volume" },
        { id: "creds", type: "credentials" },
        { id: "app", type: "workload", properties: { image: "hello-iot:v1.0" } },
      ],
      edges: [
        { from: "app", to: "a" },
        { from: "app", to: "b" },
        { from: "app", to: "creds" },
      ],
    };
    const d = await deployWith(graph);
    expect(d).toMatchObject({ status: "failed", failedNodeId: "app" });
    // The server-side apply's own words for it.
    expect(d.failureMessage).toBe('failed to create typed patch object: .spec.template.spec.containers[name="app"].volumeMounts: duplicate entries for key [mountPath="/data"]');
    // What was created before the refusal was removed again; with no network node here, the last
    // object out took the namespace with it.
    const events = getDb().select().from(deploymentEvents).where(eq(deploymentEvents.deploymentId, d.id)).all().map((e) => e.message);
    expect(events).toEqual(expect.arrayContaining(["volume ready", "credentials ready", "volume removed", "credentials removed", "rolled back"]));
    expect(await leftovers(d.id)).toEqual([]);
    await expect(kube.core.readNamespace({ name: `sc-${d.id}` })).rejects.toMatchObject({ code: 404 });
  });

  it("renews the pull secret with a fresh token at half the token's life while the deployment runs, and stops after uninstall", async () => {
    registerJobHandler(PULL_REFRESH_JOB, pullRefreshJob);
    await kubeTarget({ readyTimeoutMs: 20_000 });
    const graph = { nodes: [{ id: "app", type: "workload", properties: { image: "hello-iot:v1.0", port: 8080 } }], edges: [] };
    const d = createDeployment(isv, { graph: graph as never, purpose: "test", location: "cloud" });
    const stop = replicasComeUp(d.id);
    await reconcileDeployment(d.id);
    await stop();
    expect(getDeploymentOrThrow(isv, d.id).status).toBe("running");
    const pullAuth = async () => {
      const secret = await kube.core.readNamespacedSecret({ name: "app-pull", namespace: `sc-${d.id}` });
      const config = JSON.parse(Buffer.from(secret.data![".dockerconfigjson"], "base64").toString());
      return Object.values(config.auths as Record<string, { username: string; password: string }>)[0]!;
    };
    const refreshJob = () => getDb().select().from(jobs).where(and(eq(jobs.kind, PULL_REFRESH_JOB), eq(jobs.subjectId, d.id))).get()!;
    const halfLife = registryTokenTtlMs() / 2;
    const first = await pullAuth();
    expect(authenticatePullToken(first.password, first.username)?.deploymentId).toBe(d.id);
    expect(refreshJob().status).toBe("queued");
    expect(refreshJob().runAt - clockNow()).toBeGreaterThan(halfLife - 60_000);

    try {
      // Not due yet: nothing changes. Due: the worker writes a new token into the secret.
      await drainJobs();
      expect((await pullAuth()).password).toBe(first.password);
      moveClock(halfLife + 1000);
      await drainJobs();
      const second = await pullAuth();
      expect(second.password).not.toBe(first.password);
      expect(authenticatePullToken(second.password, second.username)?.deploymentId).toBe(d.id);
      // The old token keeps working until it expires, so a pull under way is not cut off.
      expect(authenticatePullToken(first.password, first.username)).not.toBeNull();
      expect(refreshJob()).toMatchObject({ status: "queued", attempts: 0 });
      expect(refreshJob().runAt - clockNow()).toBeGreaterThan(halfLife - 60_000);

      requestUninstall(isv, d.id);
      await reconcileDeployment(d.id);
      moveClock(halfLife + 1000);
      await drainJobs();
      expect(refreshJob().status).toBe("done");
      expect(authenticatePullToken(second.password, second.username)).toBeNull(); // revoked at uninstall
    } finally {
      resetClock();
    }
  });

  it("refuses a workload without a registry reference to pull from (a cluster cannot load an archive), creating nothing", async () => {
    // The provider itself, not the engine: the engine always hands a Kubernetes workload pull
    // credentials, and this is the provider's own guard for when it is not handed them.
    const deploymentId = `nopull-${Date.now()}`;
    const create = providerFor(await kubeTarget()).create({
      deploymentId,
      nodeId: "app",
      type: "workload",
      properties: PROPERTY_SCHEMAS.workload.parse({ image: "hello-iot:v1.0", port: 8080 }),
      details: {},
      dependencies: [],
      image: { ref: "hello-iot:v1.0", id: `sha256:${"0".repeat(64)}`, archivePath: "/nonexistent.tar" },
      log: () => {},
    });
    await expect(create).rejects.toThrow("the image has no registry reference to pull from");
    expect(await leftovers(deploymentId)).toEqual([]);
  });

  it("fails a deployment whose target has a wrong token, a wrong CA or lacks permissions before creating anything", async () => {
    for (const [settings, text] of [
      [{ token: "wrong-token" }, "refused the credentials (401 Unauthorized)"],
      [{ caData: foreignCa() }, "is not signed by the configured CA"],
      [{ token: TOKENS.nobody }, "the credentials lack permissions: create namespaces"],
    ] as const) {
      await kubeTarget(settings);
      const d = await deployWith(FIXTURE_GRAPH);
      expect(d).toMatchObject({ status: "failed", failedNodeId: null });
      expect(d.failureMessage).toContain(text);
      expect(await leftovers(d.id)).toEqual([]);
    }
  });
});
