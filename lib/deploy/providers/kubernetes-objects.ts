import { createHash } from "node:crypto";
import type { CredentialsProperties, VolumeProperties, WorkloadProperties } from "@/lib/catalog/properties";
import type { NodeContext } from "../types";

// The manifests the Kubernetes provider applies, built from a node's context. Names derive from
// the deployment and node ids, so a repeated apply lands on the same objects.

export const LABEL_DEPLOYMENT = "stagecraft.io/deployment";
export const LABEL_NODE = "stagecraft.io/node";
/** The graph's own node id, which may hold characters a label value cannot. */
export const ANNOTATION_NODE_ID = "stagecraft.io/node-id";

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & Record<string, unknown>;

/** One namespace per deployment. */
export function namespaceName(deploymentId: string): string {
  return `sc-${dnsLabel(deploymentId, 60)}`;
}

/**
 * A DNS-1035 label (what Service names need, and valid for every other kind) for a node id: lower
 * case, dashes for anything else, a letter first; a short hash of the original id when it had to
 * change, so "Web" and "web" stay apart. At most 50 characters, leaving room for "-pull".
 */
export function objectName(nodeId: string): string {
  return dnsLabel(nodeId, 50, "n-");
}

function dnsLabel(value: string, max: number, prefix = ""): string {
  let name = value.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(name) && prefix) name = `${prefix}${name}`;
  if (name !== value || name.length > max) {
    const hash = createHash("sha256").update(value).digest("hex").slice(0, 6);
    name = `${name.slice(0, max - 7).replace(/-+$/, "")}-${hash}`;
  }
  return name;
}

export function labelsFor(ctx: Pick<NodeContext, "deploymentId" | "nodeId">): Record<string, string> {
  return { [LABEL_DEPLOYMENT]: ctx.deploymentId, [LABEL_NODE]: objectName(ctx.nodeId) };
}

function meta(ctx: NodeContext, name: string) {
  return { name, namespace: namespaceName(ctx.deploymentId), labels: labelsFor(ctx), annotations: { [ANNOTATION_NODE_ID]: ctx.nodeId } };
}

const b64 = (value: string) => Buffer.from(value, "utf8").toString("base64");

export function namespaceManifest(deploymentId: string, networkNode?: NodeContext): Manifest {
  const labels: Record<string, string> = { [LABEL_DEPLOYMENT]: deploymentId };
  if (networkNode) labels[LABEL_NODE] = objectName(networkNode.nodeId);
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: namespaceName(deploymentId), labels } };
}

export function credentialsSecret(ctx: NodeContext): Manifest {
  const props = ctx.properties as CredentialsProperties;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: meta(ctx, objectName(ctx.nodeId)),
    type: "Opaque",
    data: { [props.userEnv]: b64(String(ctx.details.username)), [props.passwordEnv]: b64(String(ctx.details.password)) },
  };
}

export const pullSecretName = (nodeId: string) => `${objectName(nodeId)}-pull`;
export const envSecretName = (nodeId: string) => `${objectName(nodeId)}-env`;

/** What the platform hands a workload (a buyer app's API address and app key): a Secret, as env. */
export function environmentSecret(ctx: NodeContext): Manifest {
  const data = Object.fromEntries(Object.entries(ctx.environment ?? {}).map(([k, v]) => [k, b64(v)]));
  return { apiVersion: "v1", kind: "Secret", metadata: meta(ctx, envSecretName(ctx.nodeId)), type: "Opaque", data };
}

/** A kubernetes.io/dockerconfigjson secret with the deployment's read-only pull token. */
export function pullSecret(ctx: NodeContext, pull: NonNullable<NonNullable<NodeContext["image"]>["pull"]>): Manifest {
  const auth = b64(`${pull.username}:${pull.password}`);
  const config = { auths: { [pull.registry]: { username: pull.username, password: pull.password, auth } } };
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: meta(ctx, pullSecretName(ctx.nodeId)),
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": b64(JSON.stringify(config)) },
  };
}

export function volumeClaim(ctx: NodeContext): Manifest {
  const props = ctx.properties as VolumeProperties;
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: meta(ctx, objectName(ctx.nodeId)),
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${props.sizeMiB}Mi` } } },
  };
}

/** The workload as a Deployment: credentials as env from their Secret, volumes as claims. */
export function deploymentManifest(ctx: NodeContext, imageReference: string, pullSecretNames: string[]): Manifest {
  const props = ctx.properties as WorkloadProperties;
  const labels = labelsFor(ctx);
  const envFrom: object[] = [];
  const volumes: object[] = [];
  const volumeMounts: object[] = [];
  for (const dep of ctx.dependencies) {
    if (dep.type === "credentials") envFrom.push({ secretRef: { name: objectName(dep.nodeId) } });
    if (dep.type === "volume") {
      const name = objectName(dep.nodeId);
      volumes.push({ name, persistentVolumeClaim: { claimName: name } });
      volumeMounts.push({ name, mountPath: (dep.properties as VolumeProperties).mountPath });
    }
  }
  // Like the Docker provider, the workload learns its port from PORT (unless its env sets one),
  // and the platform's variables win over the spec's (explicit env would win over envFrom).
  const platform = ctx.environment ?? {};
  const env = Object.entries(props.env).filter(([name]) => !(name in platform)).map(([name, value]) => ({ name, value }));
  if (!("PORT" in props.env) && !("PORT" in platform)) env.push({ name: "PORT", value: String(props.port) });
  if (Object.keys(platform).length) envFrom.push({ secretRef: { name: envSecretName(ctx.nodeId) } });
  const resources = { cpu: String(props.cpu), memory: `${props.memory}Mi` };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(ctx, objectName(ctx.nodeId)),
    spec: {
      replicas: props.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          imagePullSecrets: pullSecretNames.map((name) => ({ name })),
          volumes,
          containers: [
            {
              name: "app",
              image: imageReference,
              ...(props.command ? { args: props.command } : {}),
              env,
              envFrom,
              ports: [{ name: "http", containerPort: props.port, protocol: "TCP" }],
              resources: { requests: resources, limits: resources },
              readinessProbe: { httpGet: { path: props.healthPath, port: props.port }, periodSeconds: 5 },
              volumeMounts,
            },
          ],
        },
      },
    },
  };
}

/** A Service for the workload this endpoint depends on: NodePort when public, else ClusterIP. */
export function serviceManifest(ctx: NodeContext, workload: NodeContext["dependencies"][number], port: number, nodePort?: number): Manifest {
  const isPublic = ctx.properties.public !== false;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(ctx, objectName(ctx.nodeId)),
    spec: {
      type: isPublic ? "NodePort" : "ClusterIP",
      selector: labelsFor({ deploymentId: ctx.deploymentId, nodeId: workload.nodeId }),
      ports: [{ name: "http", protocol: "TCP", port, targetPort: port, ...(isPublic && nodePort ? { nodePort } : {}) }],
    },
  };
}
