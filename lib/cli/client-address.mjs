// Which address a request came from, decided once in the HTTP server (server.mjs) from the socket
// and TRUSTED_PROXIES, and handed to Next in a header only this server sets.
import proxyaddr from "proxy-addr";

/** The header that carries the decided address; whatever a client sends in it is overwritten. */
export const CLIENT_IP_HEADER = "x-stagecraft-client-ip";

/**
 * Reads TRUSTED_PROXIES: unset or empty trusts no proxy (the socket's peer is the client); a whole
 * number N trusts the last N hops that appended to X-Forwarded-For; otherwise a comma-separated
 * list of addresses, CIDRs or proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`).
 * @param {string | undefined} value
 * @returns {(address: string, hop: number) => boolean}
 */
export function trustedProxies(value) {
  const text = value?.trim() ?? "";
  if (!text) return () => false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  try {
    return proxyaddr.compile(text.split(",").map((s) => s.trim()).filter(Boolean));
  } catch (error) {
    throw new Error(`TRUSTED_PROXIES: ${error instanceof Error ? error.message : error}; give a number of hops or a list of addresses and CIDRs`);
  }
}

/**
 * The client's address: the socket's peer, or the X-Forwarded-For entry just before the nearest
 * proxy that is not trusted. IPv4 peers on a dual-stack socket lose their `::ffff:` prefix.
 * @param {import("node:http").IncomingMessage} req
 * @param {(address: string, hop: number) => boolean} trust
 */
export function clientAddressOf(req, trust) {
  const address = proxyaddr(req, trust);
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/**
 * Replaces any client-sent CLIENT_IP_HEADER with the decided address, so Next's handlers can rely
 * on it.
 * @param {import("node:http").IncomingMessage} req
 * @param {(address: string, hop: number) => boolean} trust
 */
export function stampClientAddress(req, trust) {
  req.headers[CLIENT_IP_HEADER] = clientAddressOf(req, trust);
}
