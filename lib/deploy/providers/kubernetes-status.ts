import "server-only";
import type { AppsV1Api, AuthorizationV1Api, CoreV1Api, V1Deployment } from "@kubernetes/client-node";
import { TargetError } from "../types";
import { LABEL_DEPLOYMENT, LABEL_NODE } from "./kubernetes-objects";

/** What the provider needs to be allowed: [verb, resource, API group]. */
const NEEDED: [string, string, string][] = ["create", "patch", "delete"].flatMap((verb) => [
  [verb, "namespaces", ""],
  [verb, "deployments", "apps"],
  [verb, "services", ""],
  [verb, "secrets", ""],
  [verb, "persistentvolumeclaims", ""],
]) as [string, string, string][];

/** Asks the API server, as the target's own identity, whether it may do what deploying needs. */
export async function permissionsCheck(authorization: AuthorizationV1Api): Promise<void> {
  const answers = await Promise.all(
    NEEDED.map(async ([verb, resource, group]) => {
      const review = await authorization.createSelfSubjectAccessReview({
        body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb, resource, group } } },
      });
      return review.status?.allowed ? null : `${verb} ${group ? `${resource}.${group}` : resource}`;
    }),
  );
  const denied = answers.filter((a): a is string => a !== null);
  if (denied.length) {
    throw new TargetError("kubeForbidden", { missing: denied.join(", ") }, `the credentials lack permissions: ${denied.join(", ")}`);
  }
}

/**
 * Why a Deployment's replicas are not available, in the cluster's own words: its failing
 * conditions, its ReplicaSets' and pods' conditions, the namespace's warning events.
 */
export async function readinessFailure(core: CoreV1Api, apps: AppsV1Api, deployment: V1Deployment, deploymentId: string): Promise<string> {
  const namespace = deployment.metadata!.namespace!;
  const node = deployment.metadata?.labels?.[LABEL_NODE];
  const labelSelector = `${LABEL_DEPLOYMENT}=${deploymentId}${node ? `,${LABEL_NODE}=${node}` : ""}`;
  const reasons: string[] = [];
  const add = (reason: string | undefined) => {
    if (reason && !reasons.includes(reason)) reasons.push(reason);
  };
  for (const c of deployment.status?.conditions ?? []) {
    if ((c.type === "ReplicaFailure" && c.status === "True") || (c.type !== "ReplicaFailure" && c.status === "False")) add(`${c.type} ${c.reason}: ${c.message}`);
  }
  try {
    const [sets, pods, events] = await Promise.all([
      apps.listNamespacedReplicaSet({ namespace, labelSelector }),
      core.listNamespacedPod({ namespace, labelSelector }),
      core.listNamespacedEvent({ namespace }),
    ]);
    for (const set of sets.items) for (const c of set.status?.conditions ?? []) if (c.status === "True") add(`${c.type} ${c.reason}: ${c.message}`);
    for (const pod of pods.items) {
      for (const c of pod.status?.conditions ?? []) if (c.status === "False" && c.message) add(`pod ${c.type} ${c.reason}: ${c.message}`);
      for (const s of pod.status?.containerStatuses ?? []) if (s.state?.waiting?.reason) add(`container ${s.state.waiting.reason}: ${s.state.waiting.message ?? ""}`.trim());
    }
    for (const e of events.items.filter((e) => e.type === "Warning").slice(-5)) add(`${e.involvedObject.kind} ${e.reason}: ${e.message}`);
  } catch {
    // The Deployment's own conditions are what matters most; the rest is extra detail.
  }
  if (reasons.length === 0) {
    return deployment.status?.observedGeneration
      ? "no condition or event explains it"
      : "the Deployment has no status: no controller has acted on it (the cluster's kube-controller-manager is not running or not keeping up)";
  }
  return reasons.join("; ");
}
