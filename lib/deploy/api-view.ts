import "server-only";
import { eventText } from "./event-text";
import type { DeploymentView } from "./queries";

/** A deployment as the REST API shows it to its owner (the only caller who can read it). */
export function deploymentToJson(d: DeploymentView) {
  return {
    id: d.id,
    specId: d.specId,
    purpose: d.purpose,
    status: d.status,
    target: d.target,
    failedNodeId: d.failedNodeId,
    failureMessage: d.failureMessage,
    outputs: d.outputs ?? [],
    resources: d.resources.map((r) => ({ nodeId: r.nodeId, type: r.type, status: r.status, externalId: r.externalId })),
    events: d.events.map((e) => {
      const text = eventText(e.message);
      return { at: e.at.toISOString(), nodeId: e.nodeId, level: e.level, message: e.message, code: text?.code ?? null, params: text?.params ?? {} };
    }),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
