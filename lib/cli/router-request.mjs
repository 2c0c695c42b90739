// Next hides its client router's headers (`rsc`, `next-router-*`) and the `_rsc` parameter from
// the proxy. The proxy's page store (lib/page-store.ts) must not answer such a request (a
// client-side navigation or refresh) with a stored HTML page, so lib/cli/server.mjs, which sees
// them, marks every request in a header of its own.

/** 1 on a request of Next's client router, 0 on any other; whatever a client sent is overwritten. */
export const ROUTER_REQUEST_HEADER = "x-stagecraft-router";

/** @param {import("node:http").IncomingMessage} req */
export function markRouterRequest(req) {
  req.headers[ROUTER_REQUEST_HEADER] = req.headers.rsc !== undefined || /[?&]_rsc=/.test(req.url ?? "") ? "1" : "0";
}
