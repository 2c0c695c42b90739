import { expect, type Page } from "@playwright/test";

export const OPERATOR = { email: "operator@e2e.local", password: "operator-e2e-password" };

let counter = 0;
export function uniqueEmail(role: string): string {
  return `${role}-${Date.now()}-${++counter}@e2e.local`;
}

/** Signs up through the form (zh-CN UI) and waits for the role's landing page. */
export async function signUp(page: Page, role: "isv" | "buyer") {
  const account = { email: uniqueEmail(role), password: "e2e-password-1" };
  await page.goto("/signup");
  await page.getByLabel("邮箱").fill(account.email);
  await page.getByLabel("密码").fill(account.password);
  await page.getByLabel(role === "isv" ? "应用提供商（ISV）" : "买家 / 集成商").check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(role === "isv" ? /\/console\/images$/ : /\/market$/);
  return account;
}

export async function logIn(page: Page, account: { email: string; password: string }) {
  await page.getByLabel("邮箱").fill(account.email);
  await page.getByLabel("密码").fill(account.password);
  await page.getByRole("button", { name: "登录" }).click();
}
