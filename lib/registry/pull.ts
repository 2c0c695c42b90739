import "server-only";
import type { DeployGraphJson } from "@/db/schema";
import { publicUrl } from "@/lib/env";
import { getPullTarget } from "./queries";
import { issuePullToken } from "./tokens";

export type PullCredentials = { reference: string; registry: string; username: string; password: string };

/**
 * Where an engine pulls the owner's image `ref` (name:version) from, with a fresh pull token for
 * the deployment: `{PUBLIC_URL host}/{handle}/{name}:{version}`. The token may pull every image
 * version the deployment's graph names, as a cluster may share one pull secret between workloads.
 */
export function pullCredentials(deploymentId: string, ownerId: string, graph: DeployGraphJson, ref: string): PullCredentials {
  const pulled = getPullTarget(ownerId, ref);
  if (!pulled?.handle) throw new Error(`image ${ref} cannot be pulled from the registry`);
  const versionIds = graph.nodes
    .filter((n) => n.type === "workload" && typeof n.properties?.image === "string")
    .map((n) => getPullTarget(ownerId, String(n.properties!.image))?.versionId)
    .filter((id): id is string => Boolean(id));
  const registry = new URL(publicUrl()).host;
  const token = issuePullToken(deploymentId, versionIds);
  return { reference: `${registry}/${pulled.handle}/${pulled.name}:${pulled.version}`, registry, username: token.username, password: token.password };
}
