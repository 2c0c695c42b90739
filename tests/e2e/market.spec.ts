import { expect, signUp, test } from "./helpers";

// Page loads of /market (and anonymous ones of /login and /signup) come from a page store (lib/page-store.ts) and say so in
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

test("a signed-in visitor's /market is stored for its session alone, and goes when the session ends", async ({ page, playwright, baseURL }) => {
  const buyer = await signUp(page, "buyer");
  await page.reload();
  expect((await page.reload())!.headers()["x-stagecraft-cache"]).toBe("hit");
  await expect(page.getByText(buyer.email)).toBeVisible();
  await expect(page.getByRole("link", { name: "登录" })).toHaveCount(0);

  // Another visitor, anonymous or signed in, never gets this page.
  const otherContext = await page.context().browser()!.newContext({ baseURL });
  const other = await signUp(await otherContext.newPage(), "buyer");
  await otherContext.close();
  const anonymous = await playwright.request.newContext({ baseURL });
  const market = await (await anonymous.get("/market")).text();
  expect(market).not.toContain(buyer.email);
  expect(market).not.toContain(other.email);

  // Signing out ends the session: its stored page goes with it, even for a copy of the old cookie.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
  const replayed = await anonymous.get("/market", { headers: { cookie } });
  expect(replayed.headers()["x-stagecraft-cache"]).toBe("miss");
  expect(await replayed.text()).not.toContain(buyer.email);
  await anonymous.dispose();
});

test("/login and /signup are stored for anonymous visitors; a wrong password still gets its message", async ({ page }) => {
  await page.goto("/login?callbackUrl=%2Fworkbench%2Fdevices");
  expect((await page.reload())!.headers()["x-stagecraft-cache"]).toBe("hit");
  await page.getByLabel("邮箱").fill("nobody@example.com");
  await page.getByLabel("密码").fill("wrong-password-1");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await page.goto("/signup");
  expect((await page.reload())!.headers()["x-stagecraft-cache"]).toBe("hit");
  await expect(page.getByRole("button", { name: "注册" })).toBeVisible();
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
