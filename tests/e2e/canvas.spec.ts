import { expect, FIXTURE, SAME_ORIGIN, signUp, test } from "./helpers";

test("an ISV draws a workload and its endpoint, saves, sees it again after a reload, then breaks it and sees why", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, "isv");
  await page.getByLabel("选择文件").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: /hello-iot 的版本/ }).click();
  await expect(page.getByRole("table", { name: "hello-iot 版本" }).getByText("可用")).toBeVisible({ timeout: 30_000 });
  const app = await (await page.request.post("/api/v1/applications", { headers: SAME_ORIGIN, data: { name: "Canvas", industry: "智慧园区", scenario: "园区安防" } })).json();
  const spec = await (
    await page.request.post(`/api/v1/applications/${app.id}/specs`, { headers: SAME_ORIGIN, data: { type: "general", location: "edge", name: "标准版", description: "画布", allowTrial: false } })
  ).json();

  await page.goto(`/console/applications/${app.id}/specs/${spec.id}/dependencies`);
  const canvas = page.getByRole("region", { name: "编排画布" });
  const problems = page.getByRole("region", { name: "问题" });
  await expect(problems.getByText("至少需要一个工作负载（应用容器）。")).toBeVisible();

  // A workload dragged from the palette, an endpoint added by pressing its palette entry.
  // The HTML5 drag events themselves (Playwright's mouse-driven dragTo does not start a native
  // drag from this palette reliably): dragstart fills the DataTransfer, the canvas reads it on drop.
  const box = (await canvas.boundingBox())!;
  const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
  const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
  await page.getByRole("button", { name: "添加工作负载" }).dispatchEvent("dragstart", { dataTransfer });
  await canvas.dispatchEvent("dragover", { dataTransfer, ...at });
  await canvas.dispatchEvent("drop", { dataTransfer, ...at });
  await expect(canvas.getByText("workload-1")).toBeVisible();
  const workloadPanel = page.getByRole("complementary", { name: "workload-1 的属性" });
  await workloadPanel.getByLabel("镜像版本").selectOption("hello-iot:v1.0");
  await workloadPanel.getByLabel("端口").fill("9090");

  await page.getByRole("button", { name: "添加访问端点" }).click();
  const endpointPanel = page.getByRole("complementary", { name: "endpoint-1 的属性" });
  await expect(problems.getByText("访问端点 endpoint-1 需要连接到它暴露的工作负载。")).toBeVisible();
  await endpointPanel.getByRole("checkbox", { name: "workload-1" }).check();
  await endpointPanel.getByLabel("端口").fill("9090");
  await expect(page.getByText("没有问题：这些依赖可以部署。")).toBeVisible();
  await expect(page.getByRole("table", { name: "资源清单" })).toContainText("0.5 vCPU / 256 MiB");

  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByText("已保存。依赖配置完整，规格已配置。")).toBeVisible();
  await expect(page.getByText("状态：已配置")).toBeVisible();

  await page.reload();
  await expect(canvas.getByText("workload-1")).toBeVisible();
  await expect(canvas.getByText("endpoint-1")).toBeVisible();
  await expect(page.getByText("没有问题：这些依赖可以部署。")).toBeVisible();
  await canvas.getByText("endpoint-1").click();
  await expect(endpointPanel.getByRole("checkbox", { name: "workload-1" })).toBeChecked();
  await expect(endpointPanel.getByLabel("端口")).toHaveValue("9090");
  await canvas.getByText("workload-1").click();
  await expect(workloadPanel.getByLabel("镜像版本")).toHaveValue("hello-iot:v1.0");
  // The workload may depend on endpoints, but not on its own: that would close a cycle.
  await expect(workloadPanel.getByRole("checkbox", { name: "endpoint-1" })).toBeDisabled();
  await expect(workloadPanel.getByLabel("端口")).toHaveValue("9090");

  // Break it: without an image the workload cannot be installed.
  await workloadPanel.getByLabel("镜像版本").selectOption("");
  await expect(workloadPanel.getByText("workload-1：镜像版本为必填项。")).toBeVisible();
  await expect(problems).toContainText("workload-1：镜像版本为必填项。");
  // Leaving with unsaved changes asks first; declining stays on the canvas.
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole("link", { name: "← Canvas" }).click();
  await expect.poll(() => asked).toBe("有未保存的修改，确定离开此页面吗？");
  await expect(page).toHaveURL(/\/dependencies$/);
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByText("已保存为草稿。请修正列出的问题以完成配置。")).toBeVisible();
  await expect(page.getByText("状态：草稿")).toBeVisible();
  const stored = await (await page.request.get(`/api/v1/specs/${spec.id}/graph`)).json();
  expect(stored).toMatchObject({ valid: false, status: "draft", errors: [{ nodeId: "workload-1", path: "image", code: "required" }] });
});
