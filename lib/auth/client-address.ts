import "server-only";
import { CLIENT_IP_HEADER } from "@/lib/cli/client-address.mjs";

/**
 * The client's address as lib/cli/server.mjs decided it from the socket and TRUSTED_PROXIES. Never
 * X-Forwarded-For itself: a client can write any address there. "unknown" only outside that
 * server (tests that call handlers directly).
 */
export function clientAddress(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER)?.trim() || "unknown";
}
