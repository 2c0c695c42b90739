import { expect, signUp, test } from "./helpers";

// Anonymous page loads of /market come from a page store (lib/marketplace/market-cache.ts) and say so in
// x-stagecraft-cache; what a person sees must not change because of it.

test("an anonymous visitor gets the stored market in the language of its cookie", async ({ page }) => {
  const first = await page.goto("/market");
  expect(first!.headers()["x-stagecraft-cache"]).toMatch(/^(hit|miss)$/);
  await expect(page.getByRole("heading", { name: "物联网应用市场" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  expect((await page.reload())!.headers()["x-stagecraft-cache"]).toBe("hit");

  await page.getByLabel("界面语言").selectOption("en");
  await expect(page.getByRole("heading", { name: "IoT app marketplace" })).toBeVisible();
  const english = await page.reload();
  expect(english!.headers()["x-stagecraft-cache"]).toMatch(/^(hit|miss)$/);
  await expect(page.getByRole("heading", { name: "IoT app marketplace" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();

  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(page.getByRole("heading", { name: "物联网应用市场" })).toBeVisible();
  expect((await page.reload())!.headers()["x-stagecraft-cache"]).toBe("hit");
  await expect(page.getByRole("heading", { name: "物联网应用市场" })).toBeVisible();
});

test("a signed-in visitor's /market is rendered for it: the header shows the account", async ({ page }) => {
  const buyer = await signUp(page, "buyer");
  const response = await page.reload();
  expect(response!.headers()["x-stagecraft-cache"]).toBeUndefined();
  await expect(page.getByText(buyer.email)).toBeVisible();
  await expect(page.getByRole("link", { name: "登录" })).toHaveCount(0);
});

test("filters in the URL: a canonical filter URL is stored on its own, others are rendered as asked", async ({ page }) => {
  const filtered = await page.goto("/market?tag=trial");
  expect(filtered!.headers()["x-stagecraft-cache"]).toMatch(/^(hit|miss)$/);
  await expect(page.getByLabel("标签")).toHaveValue("trial");
  const unusual = await page.goto("/market?page=1&tag=trial");
  expect(unusual!.headers()["x-stagecraft-cache"]).toBeUndefined();
  await expect(page.getByLabel("标签")).toHaveValue("trial");
});

test("a stored page is answered under a fresh nonce each time: its policy and every script of it name that one", async ({ request }) => {
  await request.get("/market");
  const answers = [await request.get("/market"), await request.get("/market")];
  const nonces = answers.map((answer) => answer.headers()["content-security-policy"]?.match(/'nonce-([0-9a-f]+)'/)?.[1]);
  expect(answers.map((answer) => answer.headers()["x-stagecraft-cache"])).toEqual(["hit", "hit"]);
  expect(nonces[0]).toMatch(/^[0-9a-f]{32}$/);
  expect(nonces[1]).not.toBe(nonces[0]);
  for (const [i, answer] of answers.entries()) {
    const html = await answer.text();
    const scripts = html.match(/<script\b[^>]*>/g)!;
    expect(scripts.length).toBeGreaterThan(3);
    for (const script of scripts) expect(script).toContain(`nonce="${nonces[i]}"`);
    expect(html).not.toContain(nonces[1 - i]);
    expect(answer.headers()["link"] ?? "").not.toContain(nonces[1 - i]);
  }
});
