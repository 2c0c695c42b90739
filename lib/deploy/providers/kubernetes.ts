import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiException, AppsV1Api, AuthorizationV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy, VersionApi } from "@kubernetes/client-node";
import type { DeploymentTarget } from "@/db/schema";
import type { WorkloadProperties } from "@/lib/catalog/properties";
import { TargetError, type CreatedNode, type NodeContext, type Provider } from "../types";
import { describeKubeError, kubeConfigFor, type KubernetesSettings } from "./kubernetes-config";
import { envSecretName, LABEL_DEPLOYMENT, LABEL_NODE, namespaceName, objectName, pullSecretName, type Manifest } from "./kubernetes-objects";
import * as objects from "./kubernetes-objects";
import { permissionsCheck, readinessFailure } from "./kubernetes-status";

const FIELD_MANAGER = "stagecraft";
const missing = (error: unknown) => error instanceof ApiException && error.code === 404;

async function ignoreMissing(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!missing(error)) throw error;
  }
}

/**
 * Kubernetes through @kubernetes/client-node: one namespace per deployment; a workload is a
 * Deployment (with an image pull secret from the registry endpoint's pull token), a volume a
 * PersistentVolumeClaim, an endpoint a Service (NodePort when public), credentials a Secret the
 * workload gets as environment variables. Every object is server-side applied by the field manager
 * `stagecraft` and labelled with its deployment and node, so a repeated step lands on the same object.
 */
export function kubernetesProvider(target: DeploymentTarget): Provider {
  const settings = target.settings as KubernetesSettings;
  const kc = kubeConfigFor(target.id, settings);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const generic = KubernetesObjectApi.makeApiClient(kc);
  const readyTimeoutMs = settings.readyTimeoutMs ?? 120_000;
  const namespaceTimeoutMs = settings.namespaceTimeoutMs ?? 120_000;

  const apply = (manifest: Manifest) => generic.patch(manifest, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);

  /** Every node needs the deployment's namespace; the network node is the one that owns it. */
  async function ensureNamespace(ctx: NodeContext): Promise<string> {
    const name = namespaceName(ctx.deploymentId);
    try {
      const found = await core.readNamespace({ name });
      if (found.metadata?.deletionTimestamp) throw new Error(`the namespace ${name} is being deleted`);
    } catch (error) {
      if (!missing(error)) throw error;
      // Created, not applied: an apply without the network node's label could race with the
      // network node's own apply and strip that label.
      try {
        await core.createNamespace({ body: objects.namespaceManifest(ctx.deploymentId), fieldManager: FIELD_MANAGER });
        ctx.log("info", `created namespace ${name}`);
      } catch (error) {
        if (!(error instanceof ApiException && error.code === 409)) throw error;
      }
    }
    return name;
  }

  async function createWorkload(ctx: NodeContext): Promise<CreatedNode> {
    const props = ctx.properties as WorkloadProperties;
    const pull = ctx.image?.pull;
    if (!pull) throw new Error("the image has no registry reference to pull from (the registry endpoint at PUBLIC_URL provides one)");
    const namespace = await ensureNamespace(ctx);
    await apply(objects.pullSecret(ctx, pull));
    if (ctx.environment && Object.keys(ctx.environment).length) await apply(objects.environmentSecret(ctx));
    const name = objectName(ctx.nodeId);
    await apply(objects.deploymentManifest(ctx, pull.reference, [pullSecretName(ctx.nodeId)]));
    ctx.log("info", `applied Deployment ${namespace}/${name} (${pull.reference}); waiting for ${props.replicas} available replica(s)`);
    const until = Date.now() + readyTimeoutMs;
    for (;;) {
      const found = await apps.readNamespacedDeployment({ name, namespace });
      const observed = (found.status?.observedGeneration ?? 0) >= (found.metadata?.generation ?? 1);
      if (observed && (found.status?.availableReplicas ?? 0) >= props.replicas) break;
      if (Date.now() >= until) {
        const reason = await readinessFailure(core, apps, found, ctx.deploymentId);
        throw new Error(`the Deployment ${name} has ${found.status?.availableReplicas ?? 0} of ${props.replicas} replicas available after ${Math.round(readyTimeoutMs / 1000)} s: ${reason}`);
      }
      await sleep(Math.min(1000, Math.max(50, until - Date.now())));
    }
    return { externalId: `${namespace}/deployments/${name}`, details: { namespace, name, port: props.port } };
  }

  async function createEndpoint(ctx: NodeContext): Promise<CreatedNode> {
    const workload = ctx.dependencies.find((d) => d.type === "workload");
    if (!workload) throw new Error("an endpoint needs the workload it exposes");
    const port = Number(ctx.properties.port ?? (workload.properties as WorkloadProperties).port);
    const namespace = await ensureNamespace(ctx);
    const name = objectName(ctx.nodeId);
    // Keep the node port the server allocated the first time, so a repeated apply keeps the URL.
    let nodePort: number | undefined;
    try {
      nodePort = (await core.readNamespacedService({ name, namespace })).spec?.ports?.[0]?.nodePort;
    } catch (error) {
      if (!missing(error)) throw error;
    }
    const service = (await apply(objects.serviceManifest(ctx, workload, port, nodePort))) as { spec?: { ports?: { nodePort?: number }[] } };
    const externalId = `${namespace}/services/${name}`;
    if (ctx.properties.public === false) return { externalId, details: { internalUrl: `http://${name}.${namespace}.svc:${port}/` } };
    nodePort = service.spec?.ports?.[0]?.nodePort;
    if (!nodePort) throw new Error(`the Service ${name} got no node port`);
    ctx.log("info", `Service ${namespace}/${name} exposes port ${port} on node port ${nodePort}`);
    return { externalId, details: { nodePort, url: `http://${settings.nodeAddress}:${nodePort}/` } };
  }

  async function waitNamespaceGone(ctx: NodeContext, name: string): Promise<void> {
    await ignoreMissing(() => core.deleteNamespace({ name }));
    const until = Date.now() + namespaceTimeoutMs;
    for (;;) {
      try {
        const found = await core.readNamespace({ name });
        if (Date.now() >= until) {
          const finalizers = found.spec?.finalizers?.join(", ") || "none";
          throw new Error(`the namespace ${name} is still ${found.status?.phase ?? "there"} after ${Math.round(namespaceTimeoutMs / 1000)} s (finalizers: ${finalizers})`);
        }
      } catch (error) {
        if (missing(error)) break;
        throw error;
      }
      await sleep(250);
    }
    ctx.log("info", `namespace ${name} is gone`);
  }

  /** Whether objects of this deployment other than `except` still live in its namespace. */
  async function othersRemain(namespace: string, deploymentId: string, except: string): Promise<boolean> {
    const labelSelector = `${LABEL_DEPLOYMENT}=${deploymentId},${LABEL_NODE}!=${except}`;
    const lists = await Promise.all([
      apps.listNamespacedDeployment({ namespace, labelSelector }),
      core.listNamespacedService({ namespace, labelSelector }),
      core.listNamespacedSecret({ namespace, labelSelector }),
      core.listNamespacedPersistentVolumeClaim({ namespace, labelSelector }),
    ]);
    return lists.some((list) => list.items.some((item) => !item.metadata?.deletionTimestamp));
  }

  async function remove(ctx: NodeContext): Promise<void> {
    const namespace = namespaceName(ctx.deploymentId);
    const name = objectName(ctx.nodeId);
    switch (ctx.type) {
      case "network":
        return waitNamespaceGone(ctx, namespace);
      case "workload":
        await ignoreMissing(() => apps.deleteNamespacedDeployment({ name, namespace, propagationPolicy: "Background" }));
        await ignoreMissing(() => core.deleteNamespacedSecret({ name: pullSecretName(ctx.nodeId), namespace }));
        await ignoreMissing(() => core.deleteNamespacedSecret({ name: envSecretName(ctx.nodeId), namespace }));
        break;
      case "endpoint":
        await ignoreMissing(() => core.deleteNamespacedService({ name, namespace }));
        break;
      case "volume":
        await ignoreMissing(() => core.deleteNamespacedPersistentVolumeClaim({ name, namespace }));
        break;
      case "credentials":
        await ignoreMissing(() => core.deleteNamespacedSecret({ name, namespace }));
        break;
    }
    ctx.log("info", `removed ${ctx.type} ${namespace}/${name}`);
    // Without a network node the namespace belongs to no node: the last object out removes it.
    let ns;
    try {
      ns = await core.readNamespace({ name: namespace });
    } catch (error) {
      if (missing(error)) return;
      throw error;
    }
    if (ns.metadata?.labels?.[LABEL_NODE] || ns.metadata?.deletionTimestamp) return;
    if (!(await othersRemain(namespace, ctx.deploymentId, name))) await waitNamespaceGone(ctx, namespace);
  }

  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (error) {
        throw describeKubeError(error, settings.server);
      }
    };

  return {
    simulated: false,
    check: wrap(async () => {
      const version = await Promise.race([
        kc.makeApiClient(VersionApi).getCode(),
        sleep(15_000, undefined, { ref: false }).then(() => Promise.reject(new TargetError("kubeUnreachable", { server: settings.server, reason: "no answer within 15 s" }, `the API server ${settings.server} does not answer within 15 s`))),
      ]);
      await permissionsCheck(kc.makeApiClient(AuthorizationV1Api));
      return `Kubernetes ${version.gitVersion} (${version.platform})`;
    }),
    create: wrap(async (ctx: NodeContext): Promise<CreatedNode> => {
      switch (ctx.type) {
        case "network": {
          await apply(objects.namespaceManifest(ctx.deploymentId, ctx));
          return { externalId: namespaceName(ctx.deploymentId) };
        }
        case "workload":
          return createWorkload(ctx);
        case "endpoint":
          return createEndpoint(ctx);
        case "volume": {
          const namespace = await ensureNamespace(ctx);
          await apply(objects.volumeClaim(ctx));
          return { externalId: `${namespace}/persistentvolumeclaims/${objectName(ctx.nodeId)}` };
        }
        case "credentials": {
          const namespace = await ensureNamespace(ctx);
          await apply(objects.credentialsSecret(ctx));
          return { externalId: `${namespace}/secrets/${objectName(ctx.nodeId)}` };
        }
      }
    }),
    remove: wrap(remove),
    refreshPull: wrap(async (ctx: NodeContext) => {
      await apply(objects.pullSecret(ctx, ctx.image!.pull!));
    }),
  };
}
