import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { makeJpeg, makePng } from "../support/png";
import { logIn, OPERATOR, signUp } from "./helpers";

const FIXTURE = path.resolve("tests/fixtures/images/docker_hello-iot_v1.0.tar.gz");
const GRAPH = {
  nodes: [
    { id: "app", type: "workload", name: "Web", properties: { image: "hello-iot:v1.0", port: 8080, healthPath: "/health" } },
    { id: "web", type: "endpoint", name: "访问端点", properties: { public: true } },
  ],
  edges: [{ from: "web", to: "app" }],
};

/** The deploy test runs for real on the e2e server's Docker Engine, through the REST API: install, then uninstall cleanly. */
async function deployTest(page: Page, specId: string) {
  const started = await (await page.request.post(`/api/v1/specs/${specId}/deploy-tests`)).json();
  const status = async () => (await (await page.request.get(`/api/v1/deployments/${started.id}`)).json()).status;
  await expect.poll(status, { timeout: 60_000 }).toBe("running");
  expect((await page.request.delete(`/api/v1/deployments/${started.id}`)).status()).toBe(202);
  await expect.poll(status, { timeout: 30_000 }).toBe("deleted");
}

async function fillWizard(page: Page, name: string, summary: string) {
  await page.getByRole("link", { name: /提交审核/ }).click();
  await page.getByLabel("应用名称").fill(name);
  await page.getByLabel("Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: makePng(32, 32) });
  await page.getByLabel("展示图").setInputFiles({ name: "card.jpg", mimeType: "image/jpeg", buffer: makeJpeg() });
  await page.getByLabel("介绍图").setInputFiles([{ name: "intro.png", mimeType: "image/png", buffer: makePng(64, 48) }]);
  await page.getByLabel("应用简介").fill(summary);
  await expect(page.getByText(`${summary.length} / 90`)).toBeVisible();
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByLabel(/标准版/).check();
  await page.getByRole("button", { name: "提交审核" }).click();
  await expect(page.getByRole("list", { name: "审核记录" }).getByText("审核中").first()).toBeVisible();
}

test("an ISV submits, an operator rejects with a reason, the ISV resubmits, the operator approves, a visitor finds it in /market", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const name = `智慧停车 ${Date.now()}`;
  await signUp(page, "isv");
  await page.getByLabel("选择文件").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: /hello-iot 的版本/ }).click();
  await expect(page.getByRole("table", { name: "hello-iot 版本" }).getByText("可用")).toBeVisible({ timeout: 30_000 });
  const app = await (await page.request.post("/api/v1/applications", { data: { name, industry: "智慧园区", scenario: "园区安防" } })).json();
  const spec = await (
    await page.request.post(`/api/v1/applications/${app.id}/specs`, { data: { type: "general", location: "edge", name: "标准版", description: "一个容器", allowTrial: true, graph: GRAPH } })
  ).json();
  await deployTest(page, spec.id);

  await page.goto(`/console/applications/${app.id}?tab=review`);
  await fillWizard(page, name, "车位引导与计费");

  const operator = await (await browser.newContext()).newPage();
  await operator.goto("/admin/reviews");
  await logIn(operator, OPERATOR);
  await expect(operator).toHaveURL(/\/admin\/reviews$/);
  await operator.getByRole("link", { name }).click();
  await expect(operator.getByText("通过（")).toBeVisible();
  await operator.getByLabel("资料缺失或不清晰").check();
  await operator.getByLabel("说明").fill("Logo 太小，请换一张清晰的");
  await operator.getByRole("button", { name: "驳回" }).click();
  await expect(operator).toHaveURL(/\/admin\/reviews$/);

  await page.reload();
  const history = page.getByRole("list", { name: "审核记录" });
  await expect(history.getByText("已驳回")).toBeVisible();
  await expect(history.getByText("资料缺失或不清晰")).toBeVisible();
  await expect(history.getByText("Logo 太小，请换一张清晰的")).toBeVisible();
  await fillWizard(page, name, "车位引导、计费与找车");

  // The visitor's first look fills the market's page store; the approval must empty it.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/market");
  expect((await visitor.reload())!.headers()["x-stagecraft-cache"]).toBe("hit");
  await expect(visitor.getByRole("heading", { name: "物联网应用市场" })).toBeVisible();
  await expect(visitor.getByRole("link", { name: new RegExp(name) })).toHaveCount(0);

  await operator.goto("/admin/reviews");
  await operator.getByRole("link", { name }).click();
  await operator.getByRole("button", { name: "通过" }).click();
  await expect(operator).toHaveURL(/\/admin\/reviews$/);

  await visitor.reload();
  await expect(visitor.getByRole("list", { name: "应用" }).getByRole("link", { name: new RegExp(name) })).toBeVisible();
  await visitor.getByLabel("应用名称").fill(name);
  await visitor.getByRole("button", { name: "筛选" }).click();
  await expect(visitor).toHaveURL(/q=/);
  const card = visitor.getByRole("list", { name: "应用" }).getByRole("link", { name: new RegExp(name) });
  await expect(card).toContainText("7天试用");
  await card.click();
  await expect(visitor.getByRole("heading", { name })).toBeVisible();
  await expect(visitor.getByText("车位引导、计费与找车")).toBeVisible();
  await expect(visitor.getByRole("button", { name: "购买" })).toBeDisabled();
  const logo = await visitor.request.get((await visitor.getByRole("img", { name: `${name} 的 Logo` }).getAttribute("src"))!);
  expect(logo.headers()["content-type"]).toBe("image/png");
  expect(logo.headers()["x-content-type-options"]).toBe("nosniff");
});
