import fs from "node:fs";
import { type Locator, type Page } from "@playwright/test";
import { testEngineClient } from "../support/dockerd";
import { APP_ORIGIN, deployTest, expect, fillWizard, FIXTURE, logIn, OPERATOR, PROTECTED_GRAPH, SAME_ORIGIN, signUp, test } from "./helpers";

const SHOTS = "/tmp/shots/ux2-market";
fs.mkdirSync(SHOTS, { recursive: true });

const docker = testEngineClient(process.env.DOCKER_SOCKET!);
const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });

/** The outputs list's access URL and password (shown after "显示"). */
async function readOutputs(scope: Page | Locator) {
  const outputs = scope.locator("dl").filter({ hasText: "访问地址" });
  await expect(outputs).toBeVisible({ timeout: 90_000 });
  const url = (await outputs.getByRole("link").first().textContent())!;
  await outputs.getByRole("button", { name: "显示" }).click();
  const password = (await outputs.textContent())!.match(/密码([\w-]{16})/)?.[1];
  expect(password).toBeTruthy();
  return { url, password: password! };
}

test("an ISV lists the fixture app with an experience instance; a buyer takes the experience, a 7-day trial on the real engine, renames and deletes it, buys it, and binds devices to it", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const name = `园区门禁 ${Date.now()}`;

  // The ISV: image, application, a trial spec and an experience spec, both deploy-tested, submitted.
  await signUp(page, "isv");
  await page.getByLabel("选择文件").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: /hello-iot 的版本/ }).click();
  await expect(page.getByRole("table", { name: "hello-iot 版本" }).getByText("可用")).toBeVisible({ timeout: 30_000 });
  const app = await (await page.request.post("/api/v1/applications", { headers: SAME_ORIGIN, data: { name, industry: "智慧园区", scenario: "园区安防" } })).json();
  for (const spec of [
    { type: "general", name: "标准版", allowTrial: true, priceMonthly: 99, currency: "CNY" },
    { type: "experience", name: "体验版", allowTrial: false },
  ]) {
    const created = await page.request.post(`/api/v1/applications/${app.id}/specs`, { headers: SAME_ORIGIN, data: { location: "edge", description: "一个容器", graph: PROTECTED_GRAPH, ...spec } });
    expect(created.status()).toBe(201);
    await deployTest(page, (await created.json()).id);
  }
  await page.goto(`/console/applications/${app.id}?tab=review`);
  await fillWizard(page, name, "访客登记与门禁联动", ["标准版", "体验版"]);

  const operator = await (await browser.newContext()).newPage();
  await operator.goto("/admin/reviews");
  await logIn(operator, OPERATOR);
  await operator.getByRole("link", { name }).click();
  await operator.getByRole("button", { name: "通过" }).click();
  await expect(operator).toHaveURL(/\/admin\/reviews$/);

  // Before the experience instance runs, 免费体验 on the intro page is visibly disabled and says why.
  await page.goto(`/market?q=${encodeURIComponent(name)}`);
  await page.getByRole("list", { name: "应用" }).getByRole("link", { name: new RegExp(name) }).click();
  const actions = page.getByRole("navigation", { name: "体验、试用与购买" });
  await expect(actions.getByRole("link", { name: "免费体验" })).toHaveCount(0);
  await expect(actions.getByText("免费体验", { exact: true })).toHaveAttribute("aria-disabled", "true");
  await expect(actions.getByText("免费体验", { exact: true })).toHaveAccessibleDescription("当前没有运行中的免费体验实例。");
  await expect(page.getByText("当前没有运行中的免费体验实例。")).toBeVisible();
  await expect(page.getByText("智慧园区 / 园区安防")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/intro-zh.png`, fullPage: true });
  const english = await (await browser.newContext({ storageState: undefined })).newPage();
  await english.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: APP_ORIGIN }]);
  await english.goto(page.url());
  await expect(english.getByText("Smart campus / Campus security")).toBeVisible();
  await expect(english.getByText("No free-experience instance is running right now.")).toBeVisible();
  await english.screenshot({ path: `${SHOTS}/intro-en.png`, fullPage: true });
  await english.context().close();

  // The ISV starts the shared experience instance from the application page.
  await page.goto(`/console/applications/${app.id}?tab=experience`);
  await page.getByRole("button", { name: "启动体验实例" }).click();
  await expect(page.locator("dl").filter({ hasText: "访问地址" })).toBeVisible({ timeout: 90_000 });

  // A buyer finds it with the free-experience tag.
  const buyer = await (await browser.newContext()).newPage();
  await signUp(buyer, "buyer");
  await buyer.goto(`/market?q=${encodeURIComponent(name)}`);
  const card = buyer.getByRole("list", { name: "应用" }).getByRole("link", { name: new RegExp(name) });
  await expect(card).toContainText("免费体验");
  await card.click();
  await expect(buyer.getByRole("heading", { name, level: 1 })).toBeVisible();

  // 免费体验: refused until the agreement is ticked, then the shared access in a dialog.
  await buyer.getByRole("link", { name: "免费体验", exact: true }).click();
  await expect(buyer.getByRole("heading", { name: `免费体验：${name}` })).toBeVisible();
  await buyer.getByRole("button", { name: "立即体验" }).click();
  await expect(buyer.getByRole("alert").filter({ hasText: "请先阅读并同意" })).toBeVisible();
  await buyer.getByLabel(/我已阅读并同意/).check();
  await buyer.getByRole("button", { name: "立即体验" }).click();
  const dialog = buyer.getByRole("dialog", { name: "免费体验已开通" });
  const shared = await readOutputs(dialog);
  expect((await buyer.request.get(shared.url, { headers: basic("admin", shared.password) })).status()).toBe(200);
  await dialog.getByRole("button", { name: "关闭" }).click();
  // The agreement stays ticked behind the dialog.
  await expect(buyer.getByLabel(/我已阅读并同意/)).toBeChecked();
  await page.reload();
  await expect(page.getByRole("heading", { name: "已开通体验（1 次）" })).toBeVisible();
  // Operators see and control the shared instance on the listing's page.
  await operator.goto(buyer.url().replace(/\/experience$/, ""));
  await expect(operator.getByRole("heading", { name: "运营：共享体验实例" })).toBeVisible();
  await expect(operator.getByRole("button", { name: "停止体验实例" })).toBeEnabled();
  await expect(operator.getByRole("heading", { name: "已开通体验（1 次）" })).toBeVisible();

  // 7天试用 → 初始配置 (bill of materials) → deployment with progress → 输出信息.
  await buyer.goBack();
  await expect(buyer.getByRole("heading", { name, level: 1 })).toBeVisible();
  await buyer.getByRole("link", { name: "7天试用", exact: true }).click();
  await expect(buyer.getByText("每个应用只能试用一次")).toBeVisible();
  const trialPage = buyer.url();
  await buyer.getByLabel(/标准版/).check();
  await buyer.getByRole("button", { name: "确定" }).click();
  await expect(buyer).toHaveURL(/\/workbench\/apps\/[\w-]+\?tab=setup$/);
  // One active trial per listing: the trial page now points to it instead of offering another.
  const setup = buyer.url();
  await buyer.goBack();
  await buyer.reload();
  await expect(buyer.getByRole("status").filter({ hasText: "你已有该应用进行中的试用" })).toBeVisible();
  await expect(buyer.getByRole("button", { name: "确定" })).toHaveCount(0);
  await buyer.goto(setup);
  await expect(buyer.getByRole("table").filter({ hasText: "资源清单" })).toBeVisible();
  await buyer.getByRole("button", { name: "下一步，启动自动化部署" }).click();
  await expect(buyer).toHaveURL(/tab=integration$/);
  await expect(buyer.getByRole("progressbar", { name: "部署进度" })).toBeVisible();
  const trial = await readOutputs(buyer);
  expect((await buyer.request.get(trial.url)).status()).toBe(401);
  const ok = await buyer.request.get(trial.url, { headers: basic("admin", trial.password) });
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toContain("hello-iot v1.0");
  const port = new URL(trial.url).port;
  const [container] = await docker.listContainers({ filters: { publish: [port] } });
  expect(container).toBeTruthy();

  // The key the engine made for the trial is shown once, on request, then never again.
  await buyer.reload();
  await expect(buyer.getByRole("status").filter({ hasText: "部署时已生成此应用的应用密钥" })).toBeVisible();
  await buyer.getByRole("link", { name: "在“设备与密钥”中查看" }).click();
  await buyer.getByRole("button", { name: "显示应用密钥" }).click();
  await expect(buyer.getByLabel("应用密钥", { exact: true })).toHaveText(/^sca_[\w-]{43}$/);
  await buyer.reload();
  await expect(buyer.getByRole("button", { name: "显示应用密钥" })).toHaveCount(0);
  await expect(buyer.getByText("已生成应用密钥。出于安全考虑不再显示")).toBeVisible();

  // Rename from the list's "…" menu.
  await buyer.goto("/workbench/apps");
  await buyer.getByRole("button", { name: `${name} 的更多操作` }).click();
  await buyer.getByRole("menuitem", { name: "修改名称" }).click();
  const renaming = buyer.getByRole("dialog", { name: "修改名称" });
  await renaming.getByLabel("名称").fill("一号门禁");
  await renaming.getByRole("button", { name: "保存" }).click();
  await expect(buyer.getByRole("link", { name: "一号门禁" })).toBeVisible();

  // Delete: the running instance is uninstalled first, then the app goes; the container is gone.
  await buyer.getByRole("button", { name: "一号门禁 的更多操作" }).click();
  await buyer.getByRole("menuitem", { name: "删除" }).click();
  await buyer.getByRole("dialog", { name: "删除“一号门禁”？" }).getByRole("button", { name: "删除" }).click();
  await expect(buyer.getByText("正在卸载“一号门禁”，完成后删除。")).toBeVisible();
  await expect.poll(async () => (await docker.listContainers({ all: true, filters: { id: [container.Id] } })).length, { timeout: 30_000 }).toBe(0);
  await buyer.getByRole("button", { name: "刷新" }).click();
  await expect(buyer.getByRole("link", { name: "一号门禁" })).toHaveCount(0);
  // Deleted, the trial still counts: the trial page says so instead of offering another.
  await buyer.goto(trialPage);
  await expect(buyer.getByRole("status").filter({ hasText: "你已试用过该应用，不能再次试用" })).toBeVisible();
  await expect(buyer.getByRole("button", { name: "确定" })).toHaveCount(0);

  // 购买: a monthly order waits for payment; an operator marks it paid; the purchased app appears.
  await buyer.goto(`/market?q=${encodeURIComponent(name)}`);
  await card.click();
  await expect(buyer.getByRole("heading", { name, level: 1 })).toBeVisible();
  await buyer.getByRole("link", { name: "购买", exact: true }).click();
  await buyer.getByLabel(/标准版/).check();
  await expect(buyer.getByRole("radio", { name: "¥99.00/月", exact: true })).toBeChecked();
  await expect(buyer.getByLabel(/体验版/)).toHaveCount(0);
  await buyer.getByRole("button", { name: "下单" }).click();
  await expect(buyer).toHaveURL(/\/workbench\/orders\?placed=/);
  // The confirmation: the order number, the amount, and how to pay (offline, marked paid by an operator).
  const number = new URL(buyer.url()).searchParams.get("placed")!.slice(0, 8).toUpperCase();
  const placed = buyer.getByRole("status").filter({ hasText: `订单号 ${number}` });
  await expect(placed).toContainText("应付金额：¥99.00");
  await expect(placed).toContainText(`请联系平台运营方线下付款（转账时备注订单号 ${number}）`);
  await expect(buyer.getByRole("table", { name: "我的订单" }).getByRole("cell", { name: number })).toBeVisible();
  await expect(buyer.getByRole("table", { name: "我的订单" }).getByText("待付款")).toBeVisible();

  // The operator finds the order by the number the buyer quotes.
  await operator.goto("/admin/orders?status=pending");
  const search = operator.getByRole("search", { name: "订单号" });
  await search.getByLabel("订单号").fill(`#${number.toLowerCase()}`);
  await search.getByRole("button", { name: "搜索" }).click();
  await expect(operator).toHaveURL(/status=pending/);
  await expect(operator.getByRole("table", { name: "订单" }).getByRole("row")).toHaveCount(2); // the header and the order
  const row = operator.getByRole("row").filter({ hasText: name });
  await expect(row.getByRole("cell", { name: number })).toBeVisible();
  await row.getByRole("button", { name: "标记已付款" }).click();
  await operator.getByRole("dialog", { name: "确认已收款？" }).getByRole("button", { name: "标记已付款" }).click();
  await expect(operator.getByText("已标记为已付款。")).toBeVisible();

  await buyer.reload();
  await expect(buyer.getByRole("table", { name: "我的订单" }).getByText("已付款")).toBeVisible();
  await buyer.getByRole("link", { name: "查看应用" }).click();
  await expect(buyer.getByRole("heading", { name })).toBeVisible();
  await buyer.getByRole("link", { name: "概览" }).click();
  await expect(buyer.getByText("已购买")).toBeVisible();

  // Devices: bind two to the purchased app, unbind one, delete one.
  await buyer.goto("/workbench/devices/products");
  await buyer.getByLabel("产品名称").fill("门禁控制器");
  await buyer.getByLabel("设备类型").fill("Gate");
  await buyer.getByLabel("厂商名称").fill("acme");
  await buyer.getByRole("button", { name: "创建产品" }).click();
  await expect(buyer.getByRole("table", { name: "产品列表" }).getByRole("cell", { name: "门禁控制器" })).toBeVisible();
  await buyer.goto("/workbench/devices");
  for (const nodeId of ["gate-1", "gate-2", "gate-3"]) {
    await buyer.getByRole("button", { name: "设备注册" }).click();
    const register = buyer.getByRole("dialog", { name: "设备注册" });
    await register.getByLabel("设备标识码 *").fill(nodeId);
    await register.getByRole("button", { name: "注册", exact: true }).click();
    await register.getByRole("button", { name: "我已保存" }).click();
    await expect(register).toBeHidden();
  }
  const devices = buyer.getByRole("table", { name: "设备列表" });
  const rowOf = (nodeId: string) => devices.getByRole("row").filter({ hasText: nodeId });
  await buyer.getByRole("checkbox", { name: "选择 gate-1" }).check();
  await buyer.getByRole("checkbox", { name: "选择 gate-2" }).check();
  await buyer.getByRole("button", { name: "绑定应用" }).click();
  const binding = buyer.getByRole("dialog", { name: "将 2 个设备绑定到应用" });
  await binding.getByLabel("应用").selectOption({ label: name });
  await binding.getByRole("button", { name: "绑定", exact: true }).click();
  await expect(buyer.getByText("已绑定 2 个设备。")).toBeVisible();
  await expect(rowOf("gate-1").getByRole("link", { name })).toBeVisible();
  await expect(rowOf("gate-2").getByRole("link", { name })).toBeVisible();

  // Unbinding offers only the apps the selection is bound to: gate-3 is bound to none.
  await buyer.getByRole("checkbox", { name: "选择 gate-3" }).check();
  await buyer.getByRole("button", { name: "解绑应用" }).click();
  const unbinding = buyer.getByRole("dialog", { name: "从应用解绑 1 个设备" });
  await expect(unbinding.getByText("所选设备没有绑定任何应用，无需解绑。")).toBeVisible();
  await expect(unbinding.getByLabel("应用")).toHaveCount(0);
  await expect(unbinding.getByRole("button", { name: "解绑", exact: true })).toHaveCount(0);
  await unbinding.getByRole("button", { name: "取消" }).click();
  await buyer.getByRole("checkbox", { name: "选择 gate-3" }).uncheck();

  await buyer.getByRole("checkbox", { name: "选择 gate-1" }).check();
  await buyer.getByRole("button", { name: "解绑应用" }).click();
  await expect(unbinding.getByLabel("应用").locator("option")).toHaveText(["选择应用", name]);
  await unbinding.getByLabel("应用").selectOption({ label: name });
  await unbinding.getByRole("button", { name: "解绑", exact: true }).click();
  await expect(buyer.getByText("已解绑 1 个设备。")).toBeVisible();
  await expect(rowOf("gate-1").getByRole("link", { name })).toHaveCount(0);
  await expect(rowOf("gate-2").getByRole("link", { name })).toBeVisible();

  await buyer.getByRole("button", { name: "删除 gate-2" }).click();
  await buyer.getByRole("dialog").getByRole("button", { name: "删除" }).click();
  await expect(rowOf("gate-2")).toHaveCount(0);

  // The app's devices tab: its key, shown once, and no bound device left.
  await buyer.goto("/workbench/apps");
  await buyer.getByRole("link", { name }).click();
  await buyer.getByRole("link", { name: "设备与密钥" }).click();
  await expect(buyer.getByRole("heading", { name: "已绑定设备（0 个）" })).toBeVisible();
  await buyer.getByRole("button", { name: "生成应用密钥" }).click();
  await expect(buyer.getByLabel("应用密钥", { exact: true })).toHaveText(/^sca_[\w-]{43}$/);
});
