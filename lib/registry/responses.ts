export const API_VERSION_HEADER = { "Docker-Distribution-API-Version": "registry/2.0" };

export type RegistryErrorCode = "UNAUTHORIZED" | "NAME_UNKNOWN" | "MANIFEST_UNKNOWN" | "BLOB_UNKNOWN" | "DIGEST_INVALID" | "NAME_INVALID" | "UNSUPPORTED" | "TOOMANYREQUESTS" | "UNKNOWN";

const MESSAGES: Record<RegistryErrorCode, string> = {
  UNAUTHORIZED: "authentication required",
  NAME_UNKNOWN: "repository name not known to registry",
  MANIFEST_UNKNOWN: "manifest unknown",
  BLOB_UNKNOWN: "blob unknown to registry",
  DIGEST_INVALID: "provided digest did not match uploaded content",
  NAME_INVALID: "invalid repository name",
  UNSUPPORTED: "the operation is unsupported: this registry only serves pulls",
  TOOMANYREQUESTS: "too many requests with this credential; retry after the seconds in Retry-After",
  UNKNOWN: "unknown error",
};

/** The Distribution spec's error body; a 401 carries the Basic challenge docker and skopeo answer. */
export function registryError(status: number, code: RegistryErrorCode, detail?: unknown): Response {
  const headers: Record<string, string> = { ...API_VERSION_HEADER, "Content-Type": "application/json" };
  if (status === 401) headers["WWW-Authenticate"] = 'Basic realm="Stagecraft"';
  const body = JSON.stringify({ errors: [{ code, message: MESSAGES[code], ...(detail === undefined ? {} : { detail }) }] });
  return new Response(body, { status, headers });
}
