import "server-only";
import type { DeploymentOutput } from "@/db/schema";
import { openSecret, sealSecret } from "@/lib/secrets/seal";
import type { NodeDetails } from "./types";

// Generated passwords are kept in the database encrypted under the master key, as device secrets
// are: in a deployment's outputs and in its credentials node's details (which retries reuse).
// Values written before this was done carry no prefix and read back as they are.
const PREFIX = "sealed:";
const SECRET_DETAILS = ["password"];

// Each value is bound to its place: the deployment and output name, or the deployment, node and field.
export const outputRecord = (deploymentId: string, name: string) => `${deploymentId}/outputs/${name}`;
export const detailRecord = (deploymentId: string, nodeId: string, key: string) => `${deploymentId}/nodes/${nodeId}/${key}`;

const seal = (record: string, value: string) => PREFIX + sealSecret("deployment-output", record, value);
const unseal = (record: string, value: string) => (value.startsWith(PREFIX) ? openSecret("deployment-output", record, value.slice(PREFIX.length)) : value);

/** A target's stored credential (token, client key, TLS key) is bound to the target and the field. */
export const credentialRecord = (targetId: string, field: string) => `${targetId}/${field}`;
export const sealCredential = (targetId: string, field: string, plain: string) => sealSecret("target-credential", credentialRecord(targetId, field), plain);
export const openCredential = (targetId: string, field: string, stored: string) => openSecret("target-credential", credentialRecord(targetId, field), stored);

export function sealOutputs(deploymentId: string, outputs: DeploymentOutput[]): DeploymentOutput[] {
  return outputs.map((o) => (o.secret ? { ...o, value: seal(outputRecord(deploymentId, o.name), o.value) } : o));
}

export function openOutputs(deploymentId: string, outputs: DeploymentOutput[] | null): DeploymentOutput[] | null {
  return outputs?.map((o) => (o.secret ? { ...o, value: unseal(outputRecord(deploymentId, o.name), o.value) } : o)) ?? null;
}

export function sealDetails(deploymentId: string, nodeId: string, details: NodeDetails): NodeDetails {
  const sealed = { ...details };
  for (const key of SECRET_DETAILS) if (typeof sealed[key] === "string") sealed[key] = seal(detailRecord(deploymentId, nodeId, key), sealed[key]);
  return sealed;
}

export function openDetails(deploymentId: string, nodeId: string, details: NodeDetails): NodeDetails {
  const opened = { ...details };
  for (const key of SECRET_DETAILS) if (typeof opened[key] === "string") opened[key] = unseal(detailRecord(deploymentId, nodeId, key), opened[key]);
  return opened;
}
