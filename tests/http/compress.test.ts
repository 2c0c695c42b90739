import http from "node:http";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_BYTES, MIN_BYTES, SYNC_MAX_BYTES, compressWhole } from "@/lib/cli/compress.mjs";
import { serve } from "../support/http";

type Answer = { status: number; headers: http.IncomingHttpHeaders; raw: Buffer; body: string };

let server: Awaited<ReturnType<typeof serve>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves `handler` behind compressWhole, the way lib/cli/server.mjs does. */
async function start(handler: http.RequestListener) {
  server = await serve((req, res) => {
    compressWhole(req, res);
    handler(req, res);
  });
  return server.base;
}

/** One request, its body read raw and then decoded by its Content-Encoding. */
function ask(url: string, headers: http.OutgoingHttpHeaders = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .request(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers["content-encoding"];
          const decoded = encoding === "br" ? zlib.brotliDecompressSync(raw) : encoding === "gzip" ? zlib.gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body: decoded.toString("utf8") });
        });
      })
      .on("error", reject)
      .end();
  });
}

const page = `<!DOCTYPE html><html><body>${"<tr><td>dev-000123</td><td>Meter 123</td></tr>".repeat(400)}</body></html>`;

/** Writes a page the way Next does: headers set, flushHeaders, then the body in several chunks. */
const nextLike: http.RequestListener = (_req, res) => {
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Vary", "rsc, next-router-state-tree");
  res.flushHeaders();
  for (let at = 0; at < page.length; at += 5000) res.write(page.slice(at, at + 5000));
  res.end();
};

describe("compressWhole", () => {
  it("compresses a page written in chunks once, with brotli when accepted, and says how long it is", async () => {
    const base = await start(nextLike);
    const answer = await ask(base, { "accept-encoding": "gzip, deflate, br" });
    expect(answer.headers["content-encoding"]).toBe("br");
    expect(answer.headers["content-length"]).toBe(String(answer.raw.length));
    expect(answer.headers["transfer-encoding"]).toBeUndefined();
    expect(answer.raw.length).toBeLessThan(page.length / 10);
    expect(answer.body).toBe(page);
    // Caches must keep one copy per encoding; the headers already there stay.
    expect(answer.headers.vary).toBe("rsc, next-router-state-tree, Accept-Encoding");
  });

  it("uses gzip for a client that does not take brotli, and nothing for one that takes neither", async () => {
    const base = await start(nextLike);
    const gzip = await ask(base, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.body).toBe(page);

    for (const headers of [{}, { "accept-encoding": "identity" }, { "accept-encoding": "br;q=0, gzip;q=0" }]) {
      const plain = await ask(base, headers);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body).toBe(page);
      expect(plain.headers.vary).toContain("Accept-Encoding");
    }
  });

  it("compresses a body too large for the event loop on the thread pool, with the same result", async () => {
    const script = `/* chunk */${Array.from({ length: 9000 }, (_, i) => `var v${i}=${i * 7};`).join("")}`;
    expect(script.length).toBeGreaterThan(SYNC_MAX_BYTES);
    const base = await start((_req, res) => {
      res.setHeader("Content-Type", "application/javascript; charset=utf-8");
      res.setHeader("Content-Length", Buffer.byteLength(script));
      res.end(script);
    });
    for (const [accept, expected] of [
      ["br, gzip", "br"],
      ["gzip", "gzip"],
    ]) {
      const answer = await ask(base, { "accept-encoding": accept });
      expect(answer.headers["content-encoding"]).toBe(expected);
      expect(answer.headers["content-length"]).toBe(String(answer.raw.length));
      expect(answer.body).toBe(script);
    }
  });

  it("leaves a body under the threshold as it is", async () => {
    const base = await start((_req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.write('{"ok":');
      res.end("true}");
    });
    const answer = await ask(base, { "accept-encoding": "br" });
    expect(answer.headers["content-encoding"]).toBeUndefined();
    expect(answer.body).toBe('{"ok":true}');
    expect(answer.headers["content-length"]).toBe("11");
    expect(MIN_BYTES).toBeGreaterThan(11);
  });

  it("passes through what it must not touch", async () => {
    const base = await start((req, res) => {
      const big = "x".repeat(4000);
      if (req.url === "/png") res.setHeader("Content-Type", "image/png");
      else res.setHeader("Content-Type", "text/plain");
      if (req.url === "/no-transform") res.setHeader("Cache-Control", "private, no-transform");
      if (req.url === "/encoded") res.setHeader("Content-Encoding", "gzip");
      if (req.url === "/not-modified") res.statusCode = 304;
      if (req.url === "/explicit") {
        res.writeHead(200, { "Content-Type": "text/plain" });
        return res.end(big);
      }
      res.end(req.url === "/not-modified" ? undefined : req.url === "/encoded" ? zlib.gzipSync(big) : big);
    });
    for (const path of ["/png", "/no-transform", "/explicit"]) {
      const answer = await ask(base + path, { "accept-encoding": "br, gzip" });
      expect(answer.headers["content-encoding"], path).toBeUndefined();
      expect(answer.body, path).toBe("x".repeat(4000));
    }
    expect((await ask(base + "/png", { "accept-encoding": "br" })).headers.vary).toBeUndefined();
    // Already encoded by the handler: sent once, not encoded twice.
    const encoded = await ask(base + "/encoded", { "accept-encoding": "br, gzip" });
    expect(encoded.headers["content-encoding"]).toBe("gzip");
    expect(encoded.body).toBe("x".repeat(4000));
    const notModified = await ask(base + "/not-modified", { "accept-encoding": "br" });
    expect(notModified.status).toBe(304);
    expect(notModified.headers["content-encoding"]).toBeUndefined();
    const head = await ask(base + "/plain", { "accept-encoding": "br" }, "HEAD");
    expect(head.headers["content-encoding"]).toBeUndefined();
    expect(head.raw.length).toBe(0);
  });

  it("streams what is not compressible as it is written", async () => {
    let finish!: () => void;
    const base = await start((_req, res) => {
      res.setHeader("Content-Type", "text/event-stream");
      res.flushHeaders();
      res.write("data: first\n\n");
      finish = () => res.end("data: last\n\n");
    });
    // The first event reaches the client while the response is still open: nothing held it back.
    const first = await new Promise<string>((resolve, reject) => {
      http
        .get(base, { headers: { "accept-encoding": "br, gzip" } }, (res) => {
          expect(res.headers["content-encoding"]).toBeUndefined();
          res.once("data", (chunk: Buffer) => {
            resolve(chunk.toString());
            finish();
          });
          res.resume();
        })
        .on("error", reject);
    });
    expect(first).toBe("data: first\n\n");
  });

  it("sends a body that outgrows the limit uncompressed and whole", async () => {
    const piece = "y".repeat(1024 * 1024);
    const pieces = Math.ceil(MAX_BYTES / piece.length) + 2;
    const base = await start((_req, res) => {
      res.setHeader("Content-Type", "application/json");
      for (let i = 0; i < pieces; i++) res.write(piece);
      res.end();
    });
    const answer = await ask(base, { "accept-encoding": "br, gzip" });
    expect(answer.headers["content-encoding"]).toBeUndefined();
    expect(answer.raw.length).toBe(piece.length * pieces);
  });
});
