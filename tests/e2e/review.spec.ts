import type { Page } from "@playwright/test";
import { formatBytes } from "../../components/ui/bytes";
import { APP_ORIGIN, chooseFiles, deployTest, drawnImage, dropFiles, expect, fillWizard, FIXTURE, logIn, OPERATOR, SAME_ORIGIN, signUp, submitWizard, test } from "./helpers";

const SHOTS = "/tmp/shots/file-drop";
const GIF = Buffer.from("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", "latin1");

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
  await page.getByRole("link", { name: /提交审核/ }).click();
  await page.getByLabel("应用名称").fill(name);
  await page.getByLabel("应用简介").fill("车位引导与计费");
  await expectNoBrowserFileChrome(page);
  // All three images are required: 下一步 says which are missing and stays.
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByText("请选择图片。")).toHaveCount(3);
  await expect(page.getByRole("button", { name: "提交审核" })).toBeHidden();

  // A logo that is text called .png is refused on the spot (dropped), by its bytes as the server would.
  await dropFiles(page, "Logo", [{ name: "logo.png", type: "image/png", text: "not a picture" }]);
  await expect(page.getByText("logo.png：Logo 必须是 PNG 图片（按文件内容判断，与扩展名无关）。")).toBeVisible();
  await expect(page.getByRole("list", { name: "已选择的Logo" })).toHaveCount(0);
  const logoPng = await drawnImage(page, "image/png", 64, 64, "#2563eb");
  await chooseFiles(page, "Logo", { name: "logo.png", mimeType: "image/png", buffer: logoPng });
  await expect(page.getByText("请选择图片。")).toHaveCount(2);
  // The keyboard way in: the zone's button opens the file chooser.
  const cardJpeg = await drawnImage(page, "image/jpeg", 320, 180, "#0f766e");
  await page.getByRole("button", { name: "选择文件 展示图", exact: true }).focus();
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "card.jpg", mimeType: "image/jpeg", buffer: cardJpeg });
  const intros = [
    { name: "intro-1.png", mimeType: "image/png", buffer: await drawnImage(page, "image/png", 640, 400, "#7c3aed") },
    { name: "intro-2.jpg", mimeType: "image/jpeg", buffer: await drawnImage(page, "image/jpeg", 640, 400, "#ea580c") },
    { name: "intro-3.png", mimeType: "image/png", buffer: await drawnImage(page, "image/png", 400, 640, "#16a34a") },
    { name: "spinner.gif", mimeType: "image/gif", buffer: GIF },
  ];
  await chooseFiles(page, "介绍图", intros);
  await expect(page.getByText("spinner.gif：只能上传 PNG 或 JPG 图片（按文件内容判断，与扩展名无关）。")).toBeVisible();
  const chosenIntros = page.getByRole("list", { name: "已选择的介绍图" });
  await expect(chosenIntros.getByRole("listitem")).toHaveCount(3);
  await expect(page.getByText("已选 3 / 5")).toBeVisible();
  for (const file of intros.slice(0, 3)) {
    const item = chosenIntros.getByRole("listitem").filter({ hasText: file.name });
    await expect(item).toContainText(formatBytes(file.buffer.length, "zh-CN"));
    await expect(item.getByRole("img", { name: `${file.name} 的预览` })).toHaveJSProperty("complete", true);
    expect(await item.getByRole("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  }
  await expect(page.getByRole("list", { name: "已选择的Logo" })).toContainText(`logo.png${formatBytes(logoPng.length, "zh-CN")}`);
  await page.getByRole("button", { name: "移除 intro-2.jpg" }).click();
  await expect(chosenIntros.getByRole("listitem")).toHaveCount(2);
  await expect(page.getByText("已选 2 / 5")).toBeVisible();
  await expectNoBrowserFileChrome(page);
  await page.screenshot({ path: `${SHOTS}/wizard-zh.png`, fullPage: true });
  // The files survive moving between the steps and go with the form: the operator sees two intro images.
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByRole("button", { name: "上一步" }).click();
  await expect(chosenIntros.getByRole("listitem")).toHaveCount(2);
  await submitWizard(page);

  const operator = await (await browser.newContext()).newPage();
  await operator.goto("/admin/reviews");
  await logIn(operator, OPERATOR);
  await expect(operator).toHaveURL(/\/admin\/reviews$/);
  await operator.getByRole("link", { name }).click();
  await expect(operator.getByText("通过，目标 local（")).toBeVisible();
  await expect(operator.getByRole("img", { name: "介绍图 2" })).toBeVisible();
  await expect(operator.getByRole("img", { name: "介绍图 3" })).toHaveCount(0);
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

/**
 * The browser's own file-input chrome ("Choose File / No file chosen", in the browser's language)
 * never shows: every file input is out of sight, and our translated buttons stand in for them.
 */
async function expectNoBrowserFileChrome(page: Page, buttons = ["选择文件 Logo", "选择文件 展示图", "选择文件 介绍图"]) {
  const inputs = page.locator("main input[type=file]");
  await expect(inputs).toHaveCount(3);
  expect(await inputs.evaluateAll((all) => all.filter((input) => input.getBoundingClientRect().width > 1).length)).toBe(0);
  await expect(page.getByRole("main")).not.toContainText(/Choose File|No file chosen|未选择任何文件/);
  for (const name of buttons) await expect(page.getByRole("button", { name, exact: true })).toBeVisible();
}

test("the submit wizard's file fields in English, with files chosen", async ({ page }) => {
  await signUp(page, "isv");
  const app = await (await page.request.post("/api/v1/applications", { headers: SAME_ORIGIN, data: { name: `Parking ${Date.now()}`, industry: "智慧园区", scenario: "园区安防" } })).json();
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: APP_ORIGIN }]);
  await page.goto(`/console/applications/${app.id}/submit`);
  await expectNoBrowserFileChrome(page, ["Choose a file Logo", "Choose a file Showcase image", "Choose files Intro images"]);
  await chooseFiles(page, "Logo", { name: "logo.png", mimeType: "image/png", buffer: await drawnImage(page, "image/png", 64, 64, "#2563eb") }, "Choose a file");
  await chooseFiles(page, "Showcase image", { name: "card.jpg", mimeType: "image/jpeg", buffer: await drawnImage(page, "image/jpeg", 320, 180, "#0f766e") }, "Choose a file");
  await chooseFiles(
    page,
    "Intro images",
    [
      { name: "intro-1.png", mimeType: "image/png", buffer: await drawnImage(page, "image/png", 640, 400, "#7c3aed") },
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not an image") },
    ],
    "Choose files",
  );
  await expect(page.getByText("notes.txt: Only PNG or JPG images (judged by their content, not their names).")).toBeVisible();
  await expect(page.getByRole("list", { name: "Chosen: Intro images" }).getByRole("img", { name: "Preview of intro-1.png" })).toBeVisible();
  await expect(page.getByText("1 of 5 chosen")).toBeVisible();
  await expect(page.getByText("PNG, at most 100 kB.")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/wizard-en.png`, fullPage: true });
});
