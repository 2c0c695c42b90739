import { expect, signUp, test } from "./helpers";

test("an API key created in the UI works with X-Auth-Token and stops working once revoked", async ({ page, request }) => {
  const account = await signUp(page, "buyer");
  await page.getByRole("link", { name: "API 密钥" }).click();
  await expect(page.getByText("还没有 API 密钥。")).toBeVisible();

  await page.getByLabel("名称").fill("e2e automation");
  await page.getByRole("button", { name: "创建密钥" }).click();
  const dialog = page.getByRole("dialog", { name: "API 密钥已创建" });
  const key = (await dialog.getByLabel("新的 API 密钥").textContent())!.trim();
  expect(key).toMatch(/^sc_/);
  await dialog.getByRole("button", { name: "我已保存" }).click();
  await expect(dialog).toBeHidden();

  const table = page.getByRole("table", { name: "API 密钥" });
  await expect(table.getByRole("cell", { name: "e2e automation" })).toBeVisible();
  await expect(table.getByText(key.slice(0, 11))).toBeVisible();
  await expect(page.getByText(key)).toHaveCount(0); // never shown again

  // `request` has no browser cookies: only the key authenticates it.
  const me = await request.get("/api/v1/me", { headers: { "X-Auth-Token": key } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: account.email, roles: ["buyer"] });

  await table.getByRole("button", { name: "吊销" }).click();
  const confirm = page.getByRole("dialog", { name: "吊销 API 密钥？" });
  await confirm.getByRole("button", { name: "吊销" }).click();
  await expect(page.getByRole("status")).toHaveText("已吊销密钥“e2e automation”。");
  await expect(page.getByText("还没有 API 密钥。")).toBeVisible();

  const after = await request.get("/api/v1/me", { headers: { "X-Auth-Token": key } });
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ error_code: "STAGECRAFT.0401" });
});
