// Compression of Stagecraft's answers, in one piece. Next's own (`compress`, the `compression`
// middleware) runs a zlib stream per response and flushes it after every chunk Next writes; for a
// 117 KB device-list page that stream cost 3–9 ms of server CPU, where compressing the same body
// in one call takes 1–1.6 ms (docs/scaling.md). Pages here are rendered whole before their first
// byte leaves (no Suspense boundary), so holding the body until it ends delays no first byte.
// next.config.mjs turns Next's compression off.
import zlib from "node:zlib";
import Negotiator from "negotiator";

/** What is worth compressing: pages, RSC payloads, scripts, styles, JSON, SVG and text. */
const COMPRESSIBLE =
  /^(?:text\/(?:html|x-component|css|javascript|plain|csv|xml)|application\/(?:json|javascript|xml|manifest\+json|[\w.-]+\+json)|image\/svg\+xml)$/;
/** Below this a compressed body saves less than its headers cost (the `compression` middleware's threshold). */
export const MIN_BYTES = 1024;
/**
 * Up to this a body is compressed on the event loop (a 117 KB page: ~1 ms); a larger one, such as
 * a 245 KB script (~4 ms), on the thread pool, which costs a page ~1.5 ms more CPU in the hand-off.
 */
export const SYNC_MAX_BYTES = 128 * 1024;
/** A body still growing past this is sent as it comes, uncompressed, rather than held in memory. */
export const MAX_BYTES = 4 * 1024 * 1024;
/** The `compression` middleware's default too: about gzip's cost, for a smaller body. */
const BROTLI_QUALITY = 4;
const ENCODINGS = ["br", "gzip", "identity"];

const mediaType = (res) => String(res.getHeader("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
const toBuffer = (chunk, encoding) => (typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));

/** Adds Accept-Encoding to the response's Vary header, keeping what is there. */
function varyOnEncoding(res) {
  const vary = String(res.getHeader("Vary") ?? "");
  if (vary.trim() === "*" || /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary)) return;
  res.setHeader("Vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
}

/**
 * Makes `res` compress its body with brotli or gzip, as the request accepts, once the body has
 * ended; the status line and headers wait for it, so the answer carries its Content-Length. Only
 * compressible types are held: everything else (images, archives, event streams, a registry blob)
 * passes through as it is written, and so does a response whose headers come whole with
 * writeHead. Call before anything writes to `res`.
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
export function compressWhole(req, res) {
  if (req.method === "HEAD") return;
  /** br, gzip or identity: negotiated once a compressible answer's headers are known. */
  let encoding;
  const { writeHead, write, end, flushHeaders } = res;
  /** The body held so far, or null while the response passes through. */
  let held = null;
  let heldBytes = 0;
  /** writeHead's arguments, kept until the body is complete. */
  let head = null;
  /** The body is being compressed: the answer is ended, whatever else is called. */
  let ending = false;

  function shouldHold(self) {
    if (!COMPRESSIBLE.test(mediaType(self))) return false;
    if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(self.getHeader("Cache-Control") ?? ""))) return false;
    if (self.statusCode < 200 || self.statusCode === 204 || self.statusCode === 206 || self.statusCode === 304) return false;
    varyOnEncoding(self);
    encoding = new Negotiator(req).encoding(ENCODINGS, { preferred: ["br", "gzip"] });
    if (!encoding || encoding === "identity" || self.getHeader("Content-Encoding")) return false;
    const length = self.getHeader("Content-Length");
    return length === undefined || Number(length) >= MIN_BYTES;
  }

  // Node's flushHeaders and the first write's implicit header both come through here.
  res.writeHead = function (statusCode, ...rest) {
    if (head) return this;
    if (rest.some((arg) => arg !== null && typeof arg === "object")) return writeHead.call(this, statusCode, ...rest);
    this.statusCode = statusCode;
    if (!shouldHold(this)) return writeHead.call(this, statusCode, ...rest);
    held = [];
    head = [statusCode, ...rest];
    return this;
  };
  res.flushHeaders = function () {
    if (!this.headersSent && !head) this.writeHead(this.statusCode);
    if (!head) flushHeaders.call(this);
  };

  res.write = function (chunk, encodingArg, callback) {
    if (ending) return false;
    if (!this.headersSent && !head) this.writeHead(this.statusCode);
    if (held === null) return write.call(this, chunk, encodingArg, callback);
    const buffer = toBuffer(chunk, encodingArg);
    held.push(buffer);
    heldBytes += buffer.length;
    if (heldBytes > MAX_BYTES) {
      // Too big to hold: what was held goes out as it is, and so does the rest.
      const chunks = held;
      held = null;
      writeHead.apply(this, head);
      for (const piece of chunks) write.call(this, piece);
    }
    const done = typeof encodingArg === "function" ? encodingArg : callback;
    if (done) process.nextTick(done);
    return true;
  };

  res.end = function (chunk, encodingArg, callback) {
    if (typeof chunk === "function") [chunk, encodingArg, callback] = [undefined, undefined, chunk];
    else if (typeof encodingArg === "function") [encodingArg, callback] = [undefined, encodingArg];
    if (ending) return this;
    if (!this.headersSent && !head) this.writeHead(this.statusCode);
    if (held === null) return end.call(this, chunk, encodingArg, callback);
    if (chunk !== undefined && chunk !== null) held.push(toBuffer(chunk, encodingArg));
    const body = Buffer.concat(held);
    held = null;
    ending = true;
    const send = (sent, encoded) => {
      if (this.destroyed) return;
      if (encoded) this.setHeader("Content-Encoding", encoding);
      this.setHeader("Content-Length", sent.length);
      writeHead.apply(this, head);
      end.call(this, sent, callback);
    };
    if (body.length < MIN_BYTES) send(body, false);
    else {
      const [compressSync, compress, options] =
        encoding === "br"
          ? [zlib.brotliCompressSync, zlib.brotliCompress, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }]
          : [zlib.gzipSync, zlib.gzip, {}];
      if (body.length <= SYNC_MAX_BYTES) send(compressSync(body, options), true);
      else compress(body, options, (error, out) => send(error ? body : out, !error));
    }
    return this;
  };
}
