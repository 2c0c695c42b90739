import { expect, test } from "./helpers";

// Issue 20: public/ holds the favicon, the app icons, the web manifest and robots.txt.

test("the favicon, app icons and manifest are served, and every page links them", async ({ page, request }) => {
  for (const [path, type] of [
    ["/favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
    ["/icons/icon.svg", /image\/svg\+xml/],
    ["/icons/icon-192.png", /image\/png/],
    ["/apple-touch-icon.png", /image\/png/],
    ["/manifest.webmanifest", /application\/manifest\+json|application\/json/],
  ] as const) {
    const answer = await request.get(path);
    expect(answer.status(), path).toBe(200);
    expect(answer.headers()["content-type"], path).toMatch(type);
  }
  const manifest = await (await request.get("/manifest.webmanifest")).json();
  for (const icon of manifest.icons as { src: string }[]) expect((await request.get(icon.src)).status(), icon.src).toBe(200);

  await page.goto("/market");
  const links = await page.locator('link[rel="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]').evaluateAll((els) => els.map((e) => e.getAttribute("href")));
  expect(links).toEqual(expect.arrayContaining(["/favicon.ico", "/icons/icon.svg", "/apple-touch-icon.png", "/manifest.webmanifest"]));
});

test("robots.txt lets the marketplace be indexed and keeps the consoles, accounts and APIs out", async ({ request }) => {
  const answer = await request.get("/robots.txt");
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toMatch(/text\/plain/);
  const rules = (await answer.text()).split("\n").filter((l) => /^(Allow|Disallow):/.test(l));
  expect(rules).toContain("Allow: /market");
  for (const path of ["/console", "/workbench", "/admin", "/settings", "/api/"]) expect(rules).toContain(`Disallow: ${path}`);
  expect(rules.some((r) => /^Disallow: \/market/.test(r))).toBe(false);
});
