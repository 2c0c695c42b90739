import "server-only";
import type { DeploymentOutput } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/secrets/seal";
import type { NodeDetails } from "./types";

// Generated passwords are kept in the database encrypted under the master key, as device secrets
// are: in a deployment's outputs and in its credentials node's details (which retries reuse).
// Values written before this was done carry no prefix and read back as they are.
const PREFIX = "sealed:";
const SECRET_DETAILS = ["password"];

const seal = (value: string) => PREFIX + encryptSecret(value);
const unseal = (value: string) => (value.startsWith(PREFIX) ? decryptSecret(value.slice(PREFIX.length)) : value);

export function sealOutputs(outputs: DeploymentOutput[]): DeploymentOutput[] {
  return outputs.map((o) => (o.secret ? { ...o, value: seal(o.value) } : o));
}

export function openOutputs(outputs: DeploymentOutput[] | null): DeploymentOutput[] | null {
  return outputs?.map((o) => (o.secret ? { ...o, value: unseal(o.value) } : o)) ?? null;
}

export function sealDetails(details: NodeDetails): NodeDetails {
  const sealed = { ...details };
  for (const key of SECRET_DETAILS) if (typeof sealed[key] === "string") sealed[key] = seal(sealed[key]);
  return sealed;
}

export function openDetails(details: NodeDetails): NodeDetails {
  const opened = { ...details };
  for (const key of SECRET_DETAILS) if (typeof opened[key] === "string") opened[key] = unseal(opened[key]);
  return opened;
}
