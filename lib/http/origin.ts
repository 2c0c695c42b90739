// Where a request comes from, as browsers tell it. Free of next/* (the proxy uses it).

/** The host the client addressed: X-Forwarded-Host (a reverse proxy's) or Host, as Next compares them. */
export function requestHost(headers: Headers): string | null {
  return headers.get("x-forwarded-host")?.split(",")[0].trim() || headers.get("host");
}

/** Whether the Origin header names the addressed host; null when there is no Origin header. */
export function originMatchesHost(headers: Headers): boolean | null {
  const origin = headers.get("origin");
  if (origin === null) return null;
  try {
    return new URL(origin).host === requestHost(headers);
  } catch {
    return false; // "null" (sandboxed frames, file:) or garbage
  }
}

/** Whether the request comes from a page of this very site: Sec-Fetch-Site, else Origin against Host. */
export function isSameOrigin(headers: Headers): boolean {
  return headers.get("sec-fetch-site") === "same-origin" || originMatchesHost(headers) === true;
}
