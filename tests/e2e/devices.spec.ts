import { chooseFiles, expect, registerDevice, signUp, test } from "./helpers";

test("a buyer registers a device and sees its secret once, batch-registers a CSV, opens the task and deletes a device", async ({ page }) => {
  await signUp(page, "buyer");
  await page.getByRole("link", { name: "我接入的设备" }).click();
  await expect(page.getByRole("heading", { name: "我接入的设备" })).toBeVisible();

  const tabs = page.getByRole("navigation", { name: "设备管理分区" });

  // A product first: every device belongs to one.
  await tabs.getByRole("link", { name: "产品" }).click();
  await page.getByLabel("产品名称").fill("智能电表");
  await page.getByLabel("设备类型").fill("Meter");
  await page.getByLabel("厂商名称").fill("acme");
  await page.getByRole("button", { name: "创建产品" }).click();
  const products = page.getByRole("table", { name: "产品列表" });
  await expect(products.getByRole("cell", { name: "智能电表" })).toBeVisible();
  const productId = (await products.locator("code").first().textContent())!.trim();

  // Single registration: the generated secret is shown once.
  await tabs.getByRole("link", { name: "设备列表" }).click();
  await page.getByRole("button", { name: "设备注册" }).click();
  const dialog = page.getByRole("dialog", { name: "设备注册" });
  await dialog.getByLabel("设备标识码 *").fill("meter-e2e-1");
  await dialog.getByLabel("设备名称").fill("一号电表");
  await dialog.getByRole("button", { name: "注册", exact: true }).click();
  await expect(dialog.getByText("设备 meter-e2e-1 注册成功。")).toBeVisible();
  await expect(dialog.getByLabel("设备ID", { exact: true })).toHaveText(`${productId}_meter-e2e-1`);
  const secret = (await dialog.getByLabel("密钥", { exact: true }).textContent())!.trim();
  expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
  await expect(dialog.getByText("丢失后只能重置")).toBeVisible();
  await dialog.getByRole("button", { name: "我已保存" }).click();
  await expect(dialog).toBeHidden();
  const devices = page.getByRole("table", { name: "设备列表" });
  await expect(devices.getByRole("cell", { name: "一号电表" })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);

  // Batch registration of a 10-row CSV, then the task's details.
  const rows = Array.from({ length: 10 }, (_, i) => `batch-${i},批量设备 ${i},${productId},SECRET,,`);
  const csv = ["node_id,device_name,product_id,auth_type,secret,fingerprint", ...rows].join("\r\n");
  await page.getByRole("button", { name: "设备注册" }).click();
  await dialog.getByLabel("批量注册").check();
  // A file of the wrong type is refused as it is chosen, with the server's own message.
  await chooseFiles(page, "设备文件", { name: "devices.txt", mimeType: "text/plain", buffer: Buffer.from(csv) });
  await expect(dialog.getByText("devices.txt：只能上传 .csv 或 .xlsx 文件。")).toBeVisible();
  await chooseFiles(page, "设备文件", { name: "devices.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(dialog.getByRole("list", { name: "已选择的设备文件" })).toContainText("devices.csv");
  await dialog.getByRole("button", { name: "上传并注册" }).click();
  await expect(page).toHaveURL(/\/workbench\/devices\/tasks\/[0-9a-f-]{36}$/);
  await expect(page.getByText("成功 10 · 失败 0 · 共 10 行")).toBeVisible({ timeout: 30_000 });

  await tabs.getByRole("link", { name: "批量任务" }).click();
  await page.getByRole("link", { name: "devices.csv 的执行详情" }).click();
  await expect(page.getByRole("heading", { name: "“devices.csv”执行详情" })).toBeVisible();
  const items = page.getByRole("table", { name: "执行详情" });
  await expect(items.getByRole("row")).toHaveCount(11);
  await expect(items.getByText('{"index":0,"nodeId":"batch-0"}')).toBeVisible();
  await expect(items.getByText(`{"deviceId":"${productId}_batch-9"}`)).toBeVisible();
  await page.getByRole("link", { name: "失败", exact: true }).click();
  await expect(page).toHaveURL(/status=Fail/);
  await expect(items.getByText("没有该状态的行。")).toBeVisible();

  // Delete one device, with confirmation.
  await tabs.getByRole("link", { name: "设备列表" }).click();
  await expect(page.getByText("共 11 条")).toBeVisible();
  await devices.getByRole("button", { name: "删除 meter-e2e-1" }).click();
  const confirm = page.getByRole("dialog", { name: "删除 1 个设备？" });
  await confirm.getByRole("button", { name: "删除" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已删除 1 个设备。" })).toBeVisible();
  await expect(devices.getByRole("cell", { name: "一号电表" })).toHaveCount(0);
  await expect(page.getByText("共 10 条")).toBeVisible();
});

test("a device's page polls only while its tab is visible, and less often while nothing changes", async ({ page }) => {
  await signUp(page, "buyer");
  const { deviceId } = await registerDevice(page, { product: "轮询电表", deviceType: "Meter", nodeId: "poll-1" });

  // Every re-read of the page is an RSC request to it (prefetches from the list are not).
  const polls: number[] = [];
  page.on("request", (request) => {
    const headers = request.headers();
    if (headers["rsc"] && !headers["next-router-prefetch"] && new URL(request.url()).pathname === `/workbench/devices/${deviceId}`) polls.push(Date.now());
  });
  const setVisibility = (state: "hidden" | "visible") =>
    page.evaluate((state) => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
      document.dispatchEvent(new Event("visibilitychange"));
    }, state);

  await page.goto(`/workbench/devices/${encodeURIComponent(deviceId)}`);
  await expect(page.getByText("poll-1").first()).toBeVisible();
  // Hidden from the start: the 3-second poll does not happen.
  await setVisibility("hidden");
  const hiddenAt = Date.now();
  await page.waitForTimeout(4500);
  expect(polls.map((t) => t - hiddenAt)).toEqual([]);
  // Shown: one poll at once; nothing changed, so the next waits twice as long (6 s), then 12 s.
  await setVisibility("visible");
  await expect.poll(() => polls.length, { timeout: 2000 }).toBe(1);
  await expect.poll(() => polls.length, { timeout: 9000 }).toBe(2);
  expect(polls[1]! - polls[0]!).toBeGreaterThan(5000);
});
