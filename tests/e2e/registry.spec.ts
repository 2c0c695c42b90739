import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

test("the registry endpoint answers docker's base check on the production server, without a redirect", async ({ page, request }) => {
  const account = await signUp(page, "isv");
  await page.getByRole("link", { name: "API 密钥" }).click();
  await expect(page.getByText("还没有 API 密钥。")).toBeVisible();
  // The ISV's namespace, derived from the email at sign-up.
  await expect(page.getByLabel("镜像仓库命名空间")).toHaveText(new RegExp(`^127\\.0\\.0\\.1:\\d+/${account.email.split("@")[0]}$`));
  await page.getByLabel("名称").fill("docker login");
  await page.getByRole("button", { name: "创建密钥" }).click();
  const dialog = page.getByRole("dialog", { name: "API 密钥已创建" });
  const key = (await dialog.getByLabel("新的 API 密钥").textContent())!.trim();

  const anonymous = await request.get("/v2/", { maxRedirects: 0 });
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toBe('Basic realm="Stagecraft"');
  expect(anonymous.headers()["docker-distribution-api-version"]).toBe("registry/2.0");
  expect(await anonymous.json()).toEqual({ errors: [expect.objectContaining({ code: "UNAUTHORIZED" })] });

  const Authorization = `Basic ${Buffer.from(`${account.email}:${key}`).toString("base64")}`;
  const base = await request.get("/v2/", { headers: { Authorization }, maxRedirects: 0 });
  expect(base.status()).toBe(200);
  const unknown = await request.get("/v2/nobody/nothing/manifests/v1.0", { headers: { Authorization }, maxRedirects: 0 });
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual({ errors: [expect.objectContaining({ code: "NAME_UNKNOWN" })] });

  // Without Next's trailing-slash redirect (next.config.mjs), pages with a trailing slash still render.
  const market = await request.get("/market/", { maxRedirects: 0 });
  expect(market.status()).toBe(200);
});
