import { expect, logIn, OPERATOR, signUp, test } from "./helpers";

test("an ISV signs up, logs out, logs in again and sees the ISV menu only", async ({ page }) => {
  const account = await signUp(page, "isv");
  await expect(page.getByRole("heading", { name: "镜像管理" })).toBeVisible();
  const hosting = page.getByRole("group", { name: "应用托管" });
  await expect(hosting.getByRole("link", { name: "镜像管理" })).toBeVisible();
  await expect(hosting.getByRole("link", { name: "应用管理" })).toBeVisible();
  await expect(page.getByRole("group", { name: "行业生态工作台" })).toHaveCount(0);
  await expect(page.getByRole("group", { name: "平台运营" })).toHaveCount(0);

  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("group", { name: "应用托管" })).toHaveCount(0);

  await logIn(page, account);
  await expect(page.getByRole("group", { name: "应用托管" }).getByRole("link", { name: "应用管理" })).toBeVisible();
  await expect(page.getByText(account.email)).toBeVisible();
});

test("sign-up shows each bad field, keeps what was typed and creates nothing", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("邮箱").fill("not-an-email");
  await page.getByLabel("密码").fill("short");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByText("邮箱格式不正确。")).toBeVisible();
  await expect(page.getByText("密码至少需要 8 个字符。")).toBeVisible();
  await expect(page.getByText("请选择注册身份。")).toBeVisible();
  await expect(page.getByLabel("邮箱")).toHaveValue("not-an-email");

  await page.getByLabel("邮箱").fill(OPERATOR.email);
  await page.getByLabel("密码").fill("long-enough-password");
  await page.getByLabel("买家 / 集成商").check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByText("该邮箱已注册。")).toBeVisible();
  await expect(page.getByLabel("买家 / 集成商")).toBeChecked();
  await expect(page).toHaveURL(/\/signup$/);
});

test("a wrong password gets one generic message", async ({ page }) => {
  await page.goto("/login");
  await logIn(page, { email: OPERATOR.email, password: "not-the-password" });
  await expect(page.getByText("邮箱或密码不正确。")).toBeVisible();
  await expect(page.getByLabel("邮箱")).toHaveValue(OPERATOR.email);
  await expect(page).toHaveURL(/\/login$/);
});

test("a buyer opening a console page is refused", async ({ page }) => {
  await signUp(page, "buyer");
  await expect(page.getByRole("group", { name: "行业生态工作台" }).getByRole("link", { name: "我接入的设备" })).toBeVisible();
  const response = await page.goto("/console/images");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible();
});

test("an anonymous visitor is sent to the login page and back to where they were going", async ({ page }) => {
  await page.goto("/admin/reviews");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Freviews$/);
  await logIn(page, OPERATOR);
  await expect(page).toHaveURL(/\/admin\/reviews$/);
  await expect(page.getByRole("heading", { name: "应用审核" })).toBeVisible();
});
