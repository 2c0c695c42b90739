import "server-only";
import type { DeploymentTarget } from "@/db/schema";
import { sealCredential } from "./sealed";
import { ValidationError } from "@/lib/errors";
import type { KubernetesSettings } from "./providers/kubernetes-config";
import type { DockerSettings } from "./providers/docker";
import { dockerSettingsSchema, kubernetesSettingsSchema } from "./schema";

const SECRET_FIELDS = ["tokenEncrypted", "clientKeyEncrypted", "tlsKeyEncrypted"] as const;

type Credentials = { server?: string; caData?: string; token?: string; clientCert?: string; clientKey?: string };

const fromBase64 = (value: string) => Buffer.from(value, "base64").toString("utf8");

/**
 * The cluster and credentials of an uploaded kubeconfig's current context. Only what can be stored
 * is accepted: inline certificates and keys, a token; no file references, exec plugins or skipped
 * TLS verification, which would not work (or not be safe) on the server.
 */
async function fromKubeconfig(text: string): Promise<Credentials> {
  // Imported here, not at the top: the Kubernetes client costs about 75 MB of memory, which a
  // server without Kubernetes targets should not carry from its start. An import(), not a
  // require(): the package is ESM, and a require() of it made the build warn that it "can't be
  // external".
  const { KubeConfig } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch {
    throw new ValidationError("invalidInput", { kubeconfig: ["kubeconfigInvalid"] });
  }
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!cluster?.server || !user) throw new ValidationError("invalidInput", { kubeconfig: ["kubeconfigInvalid"] });
  if (cluster.caFile || user.certFile || user.keyFile || user.exec || user.authProvider || cluster.skipTLSVerify) {
    throw new ValidationError("invalidInput", { kubeconfig: ["kubeconfigUnsupported"] });
  }
  return {
    server: cluster.server,
    caData: cluster.caData ? fromBase64(cluster.caData) : undefined,
    token: user.token,
    clientCert: user.certData ? fromBase64(user.certData) : undefined,
    clientKey: user.keyData ? fromBase64(user.keyData) : undefined,
  };
}

/**
 * A Kubernetes target's settings as stored, from what the operator entered: a token or client key
 * is encrypted (AES-256-GCM with the device-secret master key); a blank one on an edit keeps the
 * stored secret. Throws when no credentials are left.
 */
export async function kubernetesStoredSettings(targetId: string, input: Record<string, unknown>, previous?: Record<string, unknown>): Promise<KubernetesSettings> {
  const parsed = kubernetesSettingsSchema.parse(input);
  const uploaded = parsed.kubeconfig?.trim() ? await fromKubeconfig(parsed.kubeconfig) : {};
  const server = uploaded.server ?? parsed.server!;
  const token = uploaded.token ?? parsed.token;
  const stored: KubernetesSettings = {
    server,
    caData: uploaded.caData ?? parsed.caData,
    nodeAddress: parsed.nodeAddress || new URL(server).hostname.replace(/^\[|\]$/g, ""),
    readyTimeoutMs: parsed.readyTimeoutMs,
    namespaceTimeoutMs: parsed.namespaceTimeoutMs,
    requestTimeoutMs: parsed.requestTimeoutMs,
  };
  if (token) stored.tokenEncrypted = sealCredential(targetId, "tokenEncrypted", token);
  else if (uploaded.clientCert && uploaded.clientKey) {
    stored.clientCert = uploaded.clientCert;
    stored.clientKeyEncrypted = sealCredential(targetId, "clientKeyEncrypted", uploaded.clientKey);
  } else if (previous && (previous.tokenEncrypted || previous.clientKeyEncrypted)) {
    stored.tokenEncrypted = previous.tokenEncrypted as string | undefined;
    stored.clientCert = previous.clientCert as string | undefined;
    stored.clientKeyEncrypted = previous.clientKeyEncrypted as string | undefined;
  } else {
    throw new ValidationError("invalidInput", { token: ["kubeTokenRequired"] });
  }
  return Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== undefined)) as KubernetesSettings;
}

/**
 * A Docker target's settings as stored: a TLS client key is sealed, and a blank one on an edit
 * keeps the stored key while the certificate stays.
 */
export function dockerStoredSettings(targetId: string, input: Record<string, unknown>, previous?: Record<string, unknown>): DockerSettings {
  const { tlsKey, ...rest } = dockerSettingsSchema.parse(input);
  const stored: DockerSettings = { ...rest };
  if (tlsKey) stored.tlsKeyEncrypted = sealCredential(targetId, "tlsKeyEncrypted", tlsKey);
  else if (rest.tlsCert && typeof previous?.tlsKeyEncrypted === "string") stored.tlsKeyEncrypted = previous.tlsKeyEncrypted;
  else if (rest.tlsCert) throw new ValidationError("invalidInput", { tlsKey: ["tlsKeyInvalid"] });
  return Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== undefined)) as DockerSettings;
}

/** A target's settings as the browser may see them: stored secrets become "set" flags. */
export function publicSettings(target: Pick<DeploymentTarget, "settings">): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...target.settings };
  for (const field of SECRET_FIELDS) {
    if (settings[field]) settings[field.replace("Encrypted", "Set")] = true;
    delete settings[field];
  }
  return settings;
}
