import "server-only";
import { ApiException, KubeConfig } from "@kubernetes/client-node";
import { openCredential } from "../sealed";
import { TargetError } from "../types";

/**
 * A Kubernetes target's settings as stored: the token and the client key are encrypted with the
 * device-secret master key (AES-256-GCM, lib/secrets/seal.ts) and never leave the server.
 */
export type KubernetesSettings = {
  /** https://host:port of the API server. */
  server: string;
  /** PEM of the CA that signed the API server's certificate; the system's CAs when absent. */
  caData?: string;
  tokenEncrypted?: string;
  /** PEM client certificate (not secret) and its encrypted key, from an uploaded kubeconfig. */
  clientCert?: string;
  clientKeyEncrypted?: string;
  /** Host name or IP of a cluster node, for NodePort access URLs. */
  nodeAddress: string;
  /** How long a Deployment may take to report its replicas available (default 120 s). */
  readyTimeoutMs?: number;
  /** How long an uninstall waits for the namespace to be gone (default 120 s). */
  namespaceTimeoutMs?: number;
  /** How long one request to the API server may take (default 30 s). */
  requestTimeoutMs?: number;
};

type RequestContext = Parameters<KubeConfig["applySecurityAuthentication"]>[0];

/**
 * Every request gets a deadline: the client has none of its own, and an API server that accepts
 * connections but never answers would otherwise hold a deployment step forever.
 */
class DeadlineKubeConfig extends KubeConfig {
  constructor(private readonly timeoutMs: number) {
    super();
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    if (!context.getSignal()) context.setSignal(AbortSignal.timeout(this.timeoutMs));
  }
}

/** A client configuration for one target, with its secrets decrypted in memory only. */
export function kubeConfigFor(targetId: string, settings: KubernetesSettings): KubeConfig {
  const kc = new DeadlineKubeConfig(settings.requestTimeoutMs ?? 30_000);
  const b64 = (pem: string) => Buffer.from(pem, "utf8").toString("base64");
  kc.loadFromOptions({
    clusters: [{ name: "target", server: settings.server, caData: settings.caData ? b64(settings.caData) : undefined, skipTLSVerify: false }],
    users: [
      {
        name: "stagecraft",
        token: settings.tokenEncrypted ? openCredential(targetId, "tokenEncrypted", settings.tokenEncrypted) : undefined,
        certData: settings.clientCert ? b64(settings.clientCert) : undefined,
        keyData: settings.clientKeyEncrypted ? b64(openCredential(targetId, "clientKeyEncrypted", settings.clientKeyEncrypted)) : undefined,
      },
    ],
    contexts: [{ name: "target", cluster: "target", user: "stagecraft" }],
    currentContext: "target",
  });
  return kc;
}

const TLS_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

function codeOf(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string") return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

/** The API server's own words for a refused request (its Status message), else the HTTP code. */
export function apiMessage(error: ApiException<unknown>): string {
  const raw = error.body as { message?: string } | string | undefined;
  if (typeof raw !== "string") return raw?.message || `HTTP ${error.code}`;
  try {
    return (JSON.parse(raw) as { message?: string }).message || `HTTP ${error.code}`;
  } catch {
    return raw.trim() || `HTTP ${error.code}`;
  }
}

/**
 * A readable error for whatever a request to the API server threw: a wrong token (401), a
 * certificate the configured CA does not vouch for, a server that does not answer, or the server's
 * own message for an object it refused. The TargetError carries a message key for "测试连接".
 */
export function describeKubeError(error: unknown, server: string): Error {
  if (error instanceof TargetError) return error;
  if (error instanceof ApiException) {
    if (error.code === 401) {
      return new TargetError("kubeUnauthorized", { server }, `the API server ${server} refused the credentials (401 Unauthorized): wrong or expired token or client certificate`);
    }
    const message = apiMessage(error);
    return new TargetError("kubeRefused", { reason: message }, message);
  }
  const code = codeOf(error);
  let detail = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) detail = "no answer in time (the request was abandoned)";
  if (code && TLS_CODES.has(code)) {
    return new TargetError("kubeCertificate", { server, reason: code }, `the certificate of ${server} is not signed by the configured CA (${code})`);
  }
  return new TargetError("kubeUnreachable", { server, reason: detail }, `the API server ${server} does not answer: ${detail}`);
}
