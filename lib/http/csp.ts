// The Content-Security-Policy of pages. Free of next/* so the proxy and the page store
// (lib/page-store.ts) share it.

/** A fresh nonce: 128 random bits as 32 hex digits (no character needs escaping anywhere). */
export function newNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The policy of a page rendered with `nonce`. Scripts: only Next's own, which carry the nonce, and
 * what they load ('strict-dynamic'). Styles allow 'unsafe-inline': Tailwind's runtime bits, React
 * Flow and the toasts set `style` attributes, which nonces cannot cover; inline styles cannot run code.
 * React needs eval in development only (its debugging stacks).
 */
export function pageCsp(nonce: string, development = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The nonce a policy names, if any. */
export function nonceOf(policy: string | null): string | null {
  return policy?.match(/'nonce-([A-Za-z0-9+/_=-]+)'/)?.[1] ?? null;
}

/**
 * `body` with every occurrence of the nonce `from` replaced by `to` (same length): a stored page
 * answered under a fresh nonce. 128 random bits do not occur in a page by chance.
 */
export function swapNonce(body: Uint8Array, from: string, to: string): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const needle = encoder.encode(from);
  const replacement = encoder.encode(to);
  if (needle.length !== replacement.length) throw new Error("nonces differ in length");
  const out = body.slice();
  const first = needle[0];
  for (let i = out.indexOf(first); i !== -1 && i <= out.length - needle.length; i = out.indexOf(first, i + 1)) {
    let match = true;
    for (let j = 1; j < needle.length && match; j++) match = out[i + j] === needle[j];
    if (match) {
      out.set(replacement, i);
      i += needle.length - 1;
    }
  }
  return out;
}
