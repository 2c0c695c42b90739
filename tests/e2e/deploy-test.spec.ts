import { APP_ORIGIN, expect, FIXTURE, PROTECTED_GRAPH, SAME_ORIGIN, signUp, test } from "./helpers";

test("an ISV deploy-tests the fixture spec on the real Docker Engine, sees progress and outputs, and deletes the instance", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, "isv");
  await page.getByLabel("选择文件").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: /hello-iot 的版本/ }).click();
  await expect(page.getByRole("table", { name: "hello-iot 版本" }).getByText("可用")).toBeVisible({ timeout: 30_000 });

  // The application and its spec come through the REST API (specs as code), with the session.
  const app = await (await page.request.post("/api/v1/applications", { headers: SAME_ORIGIN, data: { name: "Hello IoT", industry: "智慧园区", scenario: "园区安防" } })).json();
  const spec = await (
    await page.request.post(`/api/v1/applications/${app.id}/specs`, {
      headers: SAME_ORIGIN,
      data: { type: "general", location: "edge", name: "标准版", description: "一个容器", allowTrial: true, graph: PROTECTED_GRAPH },
    })
  ).json();

  await page.goto(`/console/applications/${app.id}?tab=specs`);
  await page.getByRole("row").filter({ hasText: "标准版" }).getByRole("link", { name: "部署测试" }).click();
  await expect(page.getByRole("heading", { name: "部署测试：标准版" })).toBeVisible();
  await expect(page.getByText("此规格尚未通过部署测试。")).toBeVisible();
  await page.getByRole("button", { name: "开始安装" }).click();
  await expect(page.getByRole("progressbar", { name: "部署进度" })).toBeVisible();

  const outputs = page.getByRole("list").or(page.locator("dl")).filter({ hasText: "访问地址" });
  await expect(outputs).toBeVisible({ timeout: 60_000 });
  const url = (await outputs.getByRole("link").textContent())!;
  await page.getByRole("button", { name: "显示" }).click();
  const text = (await outputs.textContent())!;
  const password = text.match(/密码([\w-]{16})/)?.[1];
  expect(password).toBeTruthy();
  expect((await page.request.get(url)).status()).toBe(401);
  const ok = await page.request.get(url, { headers: { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toContain("hello-iot v1.0");
  await page.getByText(/^事件日志（\d+ 条）$/).click();
  // The log, the steps' kinds and the outputs in Chinese: the engine's English lines are translated.
  const log = page.getByRole("list", { name: "事件日志" });
  await expect(log).toContainText("开始安装");
  await expect(log).toContainText("安装完成");
  await expect(log).toContainText("[app] 正在创建工作负载 Web");
  for (const line of await log.getByRole("listitem").allTextContents()) expect(line).not.toMatch(/install started|installed|creating|ready\b/);
  const steps = page.getByRole("list", { name: "部署步骤" });
  await expect(steps).toContainText("工作负载");
  await expect(steps).toContainText("账号凭据");
  await expect(steps).not.toContainText(/workload|endpoint|credentials/);
  await page.screenshot({ path: "/tmp/shots/ux2-canvas/zh-deploy-test.png", fullPage: true });
  // The same deployment in English: no Chinese chrome in the log or the steps (names the ISV gave stay as given).
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: APP_ORIGIN }]);
  await page.reload();
  await page.getByText(/^Event log \(\d+\)$/).click();
  const enLog = page.getByRole("list", { name: "Event log" });
  await expect(enLog).toContainText("Install started");
  await expect(enLog).toContainText("[app] Creating Workload Web");
  for (const line of await enLog.getByRole("listitem").allTextContents()) expect(line.replace(/管理员账号|访问端点/g, "")).not.toMatch(/[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/);
  await expect(page.getByRole("list", { name: "Deployment steps" })).toContainText("Credentials");
  await page.screenshot({ path: "/tmp/shots/ux2-canvas/en-deploy-test.png", fullPage: true });
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: APP_ORIGIN }]);
  await page.reload();

  await page.getByRole("button", { name: "删除实例" }).click();
  await page.getByRole("dialog", { name: "删除测试实例？" }).getByRole("button", { name: "删除实例" }).click();
  await expect(page.getByText("此规格已通过部署测试。")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("list", { name: "部署步骤" }).getByText("已删除")).toHaveCount(3);
  expect(spec.id).toBeTruthy();
});
