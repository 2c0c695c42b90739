import { deployTest, expect, fillWizard, FIXTURE, logIn, OPERATOR, SAME_ORIGIN, signUp, test } from "./helpers";

const GRAPH = {
  nodes: [
    { id: "app", type: "workload", name: "Web", properties: { image: "hello-iot:v1.0", port: 8080, healthPath: "/health" } },
    { id: "web", type: "endpoint", name: "访问端点", properties: { public: true } },
  ],
  edges: [{ from: "web", to: "app" }],
};

test("an ISV submits, an operator rejects with a reason, the ISV resubmits, the operator approves, a visitor finds it in /market", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const name = `智慧停车 ${Date.now()}`;
  await signUp(page, "isv");
  await page.getByLabel("选择文件").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: /hello-iot 的版本/ }).click();
  await expect(page.getByRole("table", { name: "hello-iot 版本" }).getByText("可用")).toBeVisible({ timeout: 30_000 });
  const app = await (await page.request.post("/api/v1/applications", { headers: SAME_ORIGIN, data: { name, industry: "智慧园区", scenario: "园区安防" } })).json();
  const spec = await (
    await page.request.post(`/api/v1/applications/${app.id}/specs`, { headers: SAME_ORIGIN, data: { type: "general", location: "edge", name: "标准版", description: "一个容器", allowTrial: true, graph: GRAPH } })
  ).json();
  await deployTest(page, spec.id);

  await page.goto(`/console/applications/${app.id}?tab=review`);
  await fillWizard(page, name, "车位引导与计费");

  const operator = await (await browser.newContext()).newPage();
  await operator.goto("/admin/reviews");
  await logIn(operator, OPERATOR);
  await expect(operator).toHaveURL(/\/admin\/reviews$/);
  await operator.getByRole("link", { name }).click();
  await expect(operator.getByText("通过，目标 local（")).toBeVisible();
  // The graph names kinds and links in the reader's language.
  const graph = operator.getByLabel("依赖关系", { exact: true }).first();
  await expect(graph).toContainText("Web (工作负载)");
  await expect(graph).toContainText("访问端点 依赖 Web");
  await expect(graph).not.toContainText(/workload|endpoint/);
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
  // (Polled: a free experience from an earlier test that starts or stops meanwhile empties it too.)
  await visitor.goto("/market");
  await expect.poll(async () => (await visitor.reload())!.headers()["x-stagecraft-cache"]).toBe("hit");
  await expect(visitor.getByRole("heading", { name: "物联网应用市场" })).toBeVisible();
  await expect(visitor.getByRole("link", { name: new RegExp(name) })).toHaveCount(0);

  await operator.goto("/admin/reviews");
  await operator.getByRole("link", { name }).click();
  await operator.getByRole("button", { name: "通过" }).click();
  await expect(operator).toHaveURL(/\/admin\/reviews$/);

  // Listed now: the review tab offers an update of the listing, not "again".
  await page.reload();
  await expect(page.getByRole("link", { name: "提交更新审核" })).toBeVisible();
  await expect(page.getByRole("link", { name: "重新提交审核" })).toHaveCount(0);

  await visitor.reload();
  await expect(visitor.getByRole("list", { name: "应用" }).getByRole("link", { name: new RegExp(name) })).toBeVisible();
  await visitor.getByLabel("应用名称").fill(name);
  // The filter applies as it is typed (筛选 is only for visitors without JavaScript).
  await expect(visitor).toHaveURL(/q=/);
  const card = visitor.getByRole("list", { name: "应用" }).getByRole("link", { name: new RegExp(name) });
  await expect(card).toContainText("7天试用");
  await card.click();
  await expect(visitor.getByRole("heading", { name })).toBeVisible();
  await expect(visitor.getByText("车位引导、计费与找车")).toBeVisible();
  // Buying needs an account: the visitor is asked to log in and comes back to the purchase.
  await visitor.getByRole("link", { name: "购买" }).click();
  await expect(visitor).toHaveURL(/\/login\?callbackUrl=%2Fmarket%2F[\w-]+%2Fbuy$/);
  await visitor.goBack();
  const logo = await visitor.request.get((await visitor.getByRole("img", { name: `${name} 的 Logo` }).getAttribute("src"))!);
  expect(logo.headers()["content-type"]).toBe("image/png");
  expect(logo.headers()["x-content-type-options"]).toBe("nosniff");
});
