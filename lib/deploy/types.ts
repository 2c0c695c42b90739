import type { DeploymentTarget } from "@/db/schema";
import type { ResourceType } from "@/lib/catalog/graph";

export type NodeDetails = Record<string, unknown>;

/** What a provider gets to create or remove one node. */
export type NodeContext = {
  deploymentId: string;
  nodeId: string;
  type: ResourceType;
  /** Parsed with defaults (lib/catalog/properties.ts). */
  properties: Record<string, unknown>;
  /** Details recorded for this node so far (generated credentials, an earlier attempt's findings). */
  details: NodeDetails;
  /** The created nodes this one depends on, with their details. */
  dependencies: { nodeId: string; type: ResourceType; properties: Record<string, unknown>; details: NodeDetails }[];
  /** For workloads: the referenced image version. */
  image?: {
    /** "name:version" as the graph names it. */
    ref: string;
    /** Its content identity: the image ID (`sha256:` of its config), computed at validation. */
    id: string;
    /** The validated archive. */
    archivePath: string;
    /**
     * Where a cluster or a remote engine pulls this version from: the registry endpoint (/v2/) at
     * PUBLIC_URL, with a read-only pull token scoped to this deployment. Absent when the target
     * does not pull (the local Docker provider loads the archive instead).
     */
    pull?: { reference: string; registry: string; username: string; password: string };
  };
  /** For workloads: the ports that public endpoints depending on this workload expose. */
  exposures?: { port: number }[];
  /** For workloads: variables the platform adds (a buyer's app gets its API address and app key). */
  environment?: Record<string, string>;
  log: (level: "info" | "warn" | "error", message: string) => void;
};

export type CreatedNode = { externalId: string; details?: NodeDetails };

/**
 * One deployment engine (Docker, Kubernetes, or the simulated sandbox). Every call is idempotent:
 * names and labels derive from the deployment and node ids, so a repeated call after a crash finds
 * what an earlier one created instead of creating it twice, and removing what is gone succeeds.
 */
export interface Provider {
  /** Simulated engines (the sandbox) create nothing real: their deploy tests never make a spec `tested`. */
  readonly simulated: boolean;
  /** Throws with a readable message when the engine does not answer. */
  check(): Promise<string>;
  create(ctx: NodeContext): Promise<CreatedNode>;
  remove(ctx: NodeContext, externalId: string | null): Promise<void>;
  /**
   * Removes what belongs to the deployment as a whole rather than to one node (Docker's network
   * of the deployment), after every node is gone: at the end of an uninstall or a rollback.
   */
  removeDeployment?(deploymentId: string, log: NodeContext["log"]): Promise<void>;
  /**
   * For engines that keep a workload's pull credentials to pull again later (Kubernetes' pull
   * secret, read whenever a pod starts): replaces them with `ctx.image.pull`, a fresh token,
   * before the old one expires. The engine calls it while the deployment runs.
   */
  refreshPull?(ctx: NodeContext): Promise<void>;
}

export type ProviderFactory = (target: DeploymentTarget) => Provider;

/**
 * A provider's failure that the UI can explain in the operator's language: `key` is a message of
 * the `errors` catalogue, `params` what it interpolates; `message` stays plain English for logs
 * and deployment events.
 */
export class TargetError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string>,
    message: string,
  ) {
    super(message);
    this.name = "TargetError";
  }
}
