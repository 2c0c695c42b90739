import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { APP_ORIGIN, expect, logIn, OPERATOR, SAME_ORIGIN, signUp, test } from "./helpers";

// Issue 18: security headers, the nonce CSP, server actions and cookie writes from other sites, and
// body limits, against the production server in Chromium. "Another site" is a tiny server on
// another port of 127.0.0.1, started by the test: another origin, but the same site, so the
// browser sends the SameSite=Lax session cookie along (the hardest case).

async function foreignSite(html: string) {
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

const nonceIn = (policy: string | undefined) => policy?.match(/'nonce-([0-9a-f]+)'/)?.[1];

test("every answer carries the security headers; each page its own nonce, which Next puts on its scripts", async ({ request }) => {
  const pages = [await request.get("/login"), await request.get("/login")];
  const nonces = pages.map((p) => nonceIn(p.headers()["content-security-policy"]));
  expect(nonces[0]).toMatch(/^[0-9a-f]{32}$/);
  expect(nonces[1]).not.toBe(nonces[0]);
  const policy = pages[0].headers()["content-security-policy"];
  for (const directive of [`script-src 'self' 'nonce-${nonces[0]}' 'strict-dynamic'`, "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "connect-src 'self'"]) {
    expect(policy).toContain(directive);
  }
  const html = await pages[0].text();
  const scripts = html.match(/<script\b[^>]*>/g)!;
  expect(scripts.length).toBeGreaterThan(3);
  for (const script of scripts) expect(script).toContain(`nonce="${nonces[0]}"`);

  for (const path of ["/login", "/api/health", "/api/v1/me", "/v2/", "/api/uploads/nothing", "/v5/iot/x/products"]) {
    const headers = (await request.get(path)).headers();
    expect(headers, path).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "permissions-policy": "camera=(), microphone=(), geolocation=()",
      "x-frame-options": "DENY",
    });
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["strict-transport-security"], path).toBeUndefined(); // plain http
    const overTls = (await request.get(path, { headers: { "x-forwarded-proto": "https" } })).headers();
    expect(overTls["strict-transport-security"], path).toBe("max-age=31536000; includeSubDomains");
  }
});

test("the CSP is enforced and watched: markup injected into a page cannot run a script, and the suite's guard sees it", async ({ page, cspViolations }) => {
  // What an XSS would be: a script without the nonce in the page's HTML (the real answer, its headers kept).
  await page.route("**/login", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("</body>", "<script>window.injected = true</script></body>");
    await route.fulfill({ response, body: html });
  });
  const documents: string[] = [];
  page.on("request", (request) => void (request.resourceType() === "document" && documents.push(request.url())));
  await page.goto("/login");
  // Both reports of it: the console's line and the securitypolicyviolation event's (which may come later).
  await expect.poll(() => cspViolations.some((m) => /violates .*script-src/.test(m)) && cspViolations.some((m) => /violation: script-src/.test(m))).toBe(true);
  expect(await page.evaluate(() => "injected" in window)).toBe(false);
  cspViolations.length = 0; // provoked on purpose
  // Next's own scripts still run under the policy: the language switch (client code and a server action) works.
  await page.getByLabel("界面语言").selectOption("en");
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  // In place: the router's refresh is rendered, not answered with the stored /login (a full reload).
  expect(documents).toHaveLength(1);
});

test("an operator page inside another origin's <iframe> is refused (frame-ancestors)", async ({ page, cspViolations }) => {
  await page.goto("/login");
  await logIn(page, OPERATOR);
  await expect(page).not.toHaveURL(/\/login/);
  const site = await foreignSite(`<!doctype html><h1>Not Stagecraft</h1><iframe src="${APP_ORIGIN}/admin/reviews" width="800" height="600"></iframe>`);
  try {
    await page.goto(site.url);
    await expect.poll(() => cspViolations.some((m) => /frame-ancestors/.test(m))).toBe(true);
    const frame = page.mainFrame().childFrames()[0];
    expect(frame.url()).not.toContain("/admin/reviews");
    await expect(page.frameLocator("iframe").getByRole("link")).toHaveCount(0);
    cspViolations.length = 0; // the refusal is what this test wants
  } finally {
    await site.close();
  }
});

test("a server action posted with another Origin answers 403 in the actions' shape, and the server keeps serving", async ({ request }) => {
  for (const origin of ["http://evil.example", "http://127.0.0.1:1"]) {
    const response = await request.post("/login", { headers: { "Next-Action": "7f".repeat(21), Origin: origin, "content-type": "text/plain" }, data: "[]" });
    expect(response.status()).toBe(403);
    expect(await response.json()).toEqual({ ok: false, message: "已拒绝：该表单来自其他网站。" });
  }
  const english = await request.post("/market", { headers: { "Next-Action": "7f".repeat(21), Origin: "http://evil.example", cookie: "NEXT_LOCALE=en" }, data: "[]" });
  expect(await english.json()).toEqual({ ok: false, message: "Refused: this form was sent from another website." });
  // A plain form post (no JavaScript) names the action in its fields instead of the header.
  const plain = await request.post("/login", { headers: { Origin: "http://evil.example" }, multipart: { "$ACTION_ID_7f7f": "", email: "a@b.c" } });
  expect(plain.status()).toBe(403);
  expect((await request.get("/api/health")).status()).toBe(200);
});

async function listTotal(page: Page) {
  return (await (await page.request.get("/api/v1/applications")).json()).total as number;
}

test("CSRF: another site's auto-submitted text/plain form to /api/v1 is refused while the ISV is signed in; nothing is created", async ({ page }) => {
  await signUp(page, "isv");
  // text/plain sends `name=value`: this name and value make the body the JSON the API takes.
  const field = `{"name":"Forged","industry":"智慧园区","scenario":"园区安防","x":"`;
  const site = await foreignSite(
    `<!doctype html><meta charset="utf-8"><form method="post" enctype="text/plain" action="${APP_ORIGIN}/api/v1/applications">` +
      `<input type="hidden" name='${field}' value='"}'></form><script>document.forms[0].submit()</script>`,
  );
  try {
    const answer = page.waitForResponse(`${APP_ORIGIN}/api/v1/applications`);
    await page.goto(site.url);
    const response = await answer;
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ error_code: "STAGECRAFT.0403", error_msg: expect.stringContaining("this site's own pages") });
  } finally {
    await site.close();
  }
  expect(await listTotal(page)).toBe(0);
  // The same body from our own origin as JSON is what the API takes: the refusal was the origin.
  const own = await page.request.post("/api/v1/applications", { headers: SAME_ORIGIN, data: { name: "Mine", industry: "智慧园区", scenario: "园区安防" } });
  expect(own.status()).toBe(201);
  expect(await listTotal(page)).toBe(1);
});

/** A POST straight over HTTP; `chunked` sends the body without Content-Length. Write errors are ignored (the server may stop reading). */
function rawPost(path: string, headers: Record<string, string>, body: Buffer, chunked: boolean) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(`${APP_ORIGIN}${path}`, { method: "POST", headers: chunked ? headers : { ...headers, "content-length": String(body.length) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      res.on("error", reject);
    });
    req.on("error", () => undefined);
    (async () => {
      for (let at = 0; at < body.length; at += 64 * 1024) {
        if (req.destroyed) return;
        if (!req.write(body.subarray(at, at + 64 * 1024))) await new Promise((r) => req.once("drain", r).once("close", r));
      }
      req.end();
    })().catch(() => undefined);
  });
}

test("JSON bodies over 2 MB get 413 in the API's shape (with and without Content-Length); the server keeps serving", async ({ page }) => {
  await signUp(page, "isv");
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const body = Buffer.from(JSON.stringify({ name: "Big", industry: "智慧园区", scenario: "园区安防", description: "a".repeat(3 * 1024 * 1024) }));
  for (const chunked of [false, true]) {
    const answer = await rawPost("/api/v1/applications", { cookie, ...SAME_ORIGIN, "content-type": "application/json" }, body, chunked);
    expect(answer.status, chunked ? "chunked" : "Content-Length").toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error_code: "STAGECRAFT.0413", error_msg: "The request body is larger than 2 MB." });
    expect((await page.request.get("/api/health")).status()).toBe(200);
  }
  expect(await listTotal(page)).toBe(0);
  await page.goto("/console/applications");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
