import { chooseFiles, expect, logIn, OPERATOR, test } from "./helpers";

test("an operator adds a Kubernetes target: bad input is explained, the token never comes back, 测试连接 says why it fails", async ({ page }) => {
  const name = `k8s-${Date.now()}`;
  await page.goto("/admin/targets");
  await logIn(page, OPERATOR);
  await expect(page).toHaveURL(/\/admin\/targets$/);
  await page.getByRole("button", { name: "新增部署目标" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("名称").fill(name);
  await dialog.getByLabel("类型").selectOption("kubernetes");
  await dialog.getByLabel("API 服务器地址").fill("http://127.0.0.1:1");
  await dialog.getByLabel("令牌").fill("e2e-secret-token");
  // Disabled, so that no other test's deployment lands on it.
  await dialog.getByLabel("已启用").uncheck();
  await dialog.getByRole("button", { name: "保存" }).click();
  await expect(dialog.getByText("请填写以 https:// 开头的 API 服务器地址，或上传 kubeconfig。")).toBeVisible();
  // A kubeconfig that is not one is read by the Kubernetes client (loaded on first use) and refused.
  await dialog.getByLabel("API 服务器地址").fill("");
  await dialog.getByLabel("令牌").fill("");
  await chooseFiles(page, "或上传 kubeconfig", { name: "config", mimeType: "text/plain", buffer: Buffer.from("clusters: [oops") });
  await dialog.getByRole("button", { name: "保存" }).click();
  await expect(dialog.getByText("无法读取该 kubeconfig，或其当前上下文缺少集群和用户。")).toBeVisible();
  await dialog.getByRole("button", { name: "移除 config" }).click();

  await dialog.getByLabel("API 服务器地址").fill("https://127.0.0.1:1");
  await dialog.getByLabel("令牌").fill("e2e-secret-token");
  await dialog.getByLabel("已启用").uncheck();
  await dialog.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("部署目标已保存。")).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row.getByText("https://127.0.0.1:1")).toBeVisible();
  expect(await page.content()).not.toContain("e2e-secret-token");

  await row.getByRole("button", { name: "编辑" }).click();
  await expect(page.getByRole("dialog").getByLabel("令牌")).toHaveValue("");
  await expect(page.getByRole("dialog").getByLabel("令牌")).toHaveAttribute("placeholder", "（未更改）");
  await page.getByRole("dialog").getByRole("button", { name: "取消" }).click();

  await row.getByRole("button", { name: "测试连接" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "API 服务器 https://127.0.0.1:1 无法连接" })).toBeVisible();
});
