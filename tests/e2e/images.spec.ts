import { type Page } from "@playwright/test";
import { expect, FIXTURE, SAME_ORIGIN, signUp, test } from "./helpers";
import { PROTECTED_GRAPH } from "../support/graphs";


test("an ISV uploads an image archive, watches it upload and validate, finds it and deletes it", async ({ page }) => {
  await signUp(page, "isv");
  await expect(page.getByText("还没有镜像。上传第一个镜像包开始吧。")).toBeVisible();
  const chooser = page.getByLabel("选择文件");

  // A wrong name is refused in the browser before any byte is sent.
  await chooser.setInputFiles({ name: "hello.tar", mimeType: "application/x-tar", buffer: Buffer.from("not sent") });
  await expect(page.getByRole("alert").filter({ hasText: "文件名不符合命名规则" })).toBeVisible();

  // Slow the upload down (2 Mbit/s) so the progress is there to watch.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
  await chooser.setInputFiles(FIXTURE);
  const progress = page.getByRole("progressbar", { name: "上传进度" });
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute("aria-valuenow")), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.getByText("docker_hello-iot_v1.0.tar.gz 上传完成，正在校验。")).toBeVisible({ timeout: 30_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const row = page.getByRole("row").filter({ hasText: "hello-iot" }).first();
  await expect(row).toContainText("v1.0");
  await showVersions(page, "hello-iot");
  const versions = page.getByRole("table", { name: "hello-iot 版本" });
  await expect(versions.getByText("可用")).toBeVisible({ timeout: 20_000 });

  await page.getByLabel("镜像名称").fill("nothing-like-it");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/q=nothing-like-it/);
  await expect(page.getByText("没有符合条件的镜像。")).toBeVisible();
  await page.getByLabel("镜像名称").fill("hello");
  await page.getByLabel("上传状态").selectOption("ready");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/q=hello/);
  await showVersions(page, "hello-iot");
  await expect(page.getByRole("table", { name: "hello-iot 版本" }).getByText("可用")).toBeVisible();

  // A version a spec uses: the dialog says so and by which spec, and offers no delete.
  const created = await page.request.post("/api/v1/applications", { headers: SAME_ORIGIN, data: { name: `镜像引用 ${Date.now()}`, industry: "智慧园区", scenario: "园区安防" } });
  expect(created.status(), await created.text()).toBe(201);
  const app = await created.json();
  const specCreated = await page.request.post(`/api/v1/applications/${app.id}/specs`, {
    headers: SAME_ORIGIN,
    data: { type: "general", location: "edge", name: "引用版", description: "引用镜像", allowTrial: false, graph: PROTECTED_GRAPH },
  });
  expect(specCreated.status(), await specCreated.text()).toBe(201);
  const spec = await specCreated.json();
  await page.reload();
  await showVersions(page, "hello-iot");
  await page.getByRole("table", { name: "hello-iot 版本" }).getByRole("button", { name: "删除" }).click();
  const inUse = page.getByRole("dialog", { name: "hello-iot v1.0 正在使用中" });
  await expect(inUse.getByRole("link", { name: `${app.name} / 引用版` })).toBeVisible();
  await expect(inUse.getByRole("button", { name: "删除" })).toHaveCount(0);
  await expect(page.getByRole("dialog", { name: "删除镜像版本？" })).toHaveCount(0);
  await inUse.getByRole("button", { name: "关闭" }).click();
  expect((await page.request.delete(`/api/v1/specs/${spec.id}`, { headers: SAME_ORIGIN })).status()).toBe(204);
  await page.reload();
  await showVersions(page, "hello-iot");

  await page.getByRole("table", { name: "hello-iot 版本" }).getByRole("button", { name: "删除" }).click();
  const confirm = page.getByRole("dialog", { name: "删除镜像版本？" });
  await expect(confirm).toContainText("hello-iot");
  await confirm.getByRole("button", { name: "删除" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已删除 hello-iot v1.0。" })).toBeVisible();
  await expect(page.getByText("没有符合条件的镜像。")).toBeVisible();
});

/** Expands an image's versions unless they are shown already. */
async function showVersions(page: Page, name: string) {
  const toggle = page.getByRole("button", { name: new RegExp(`${name} 的版本`) });
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
}
