import type { Locator, Page } from "@playwright/test";
import { APP_ORIGIN, expect, SAME_ORIGIN, signUp, test } from "./helpers";

// Six resources over four ranks, stored far apart, as a hand-drawn graph may be.
const SPREAD = {
  nodes: [
    { id: "ep", type: "endpoint", position: { x: 0, y: 0 }, properties: { public: true } },
    { id: "ui", type: "workload", position: { x: 3000, y: 2400 }, properties: { image: "hello-iot:v1.0" } },
    { id: "api", type: "workload", position: { x: -2500, y: 1800 }, properties: { image: "hello-iot:v1.0" } },
    { id: "creds", type: "credentials", position: { x: 1200, y: -2000 } },
    { id: "data", type: "volume", position: { x: 4000, y: -900 } },
    { id: "net", type: "network", position: { x: -1800, y: -1500 } },
  ],
  edges: [
    { from: "ep", to: "ui" },
    { from: "ui", to: "api" },
    { from: "ui", to: "net" },
    { from: "api", to: "creds" },
    { from: "api", to: "data" },
    { from: "api", to: "net" },
  ],
};
// React Flow's own English texts (its defaultAriaLabelConfig and edge labels), which the Chinese canvas must not show.
const FLOW_ENGLISH = /Zoom In|Zoom Out|Fit View|Toggle Interactivity|Control Panel|Mini Map|Edge from|Press enter|\bHandle\b/;
const CJK = /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/;
const SHOTS = "/tmp/shots/ux2-canvas";

async function makeSpecs(page: Page) {
  const app = await (await page.request.post("/api/v1/applications", { headers: SAME_ORIGIN, data: { name: "Workspace", industry: "智慧园区", scenario: "园区安防" } })).json();
  const spec = async (name: string, graph?: unknown) =>
    (await (await page.request.post(`/api/v1/applications/${app.id}/specs`, { headers: SAME_ORIGIN, data: { type: "general", location: "edge", name, description: "画布", allowTrial: false, graph } })).json()).id as string;
  return { empty: `/console/applications/${app.id}/specs/${await spec("空白")}/dependencies`, spread: `/console/applications/${app.id}/specs/${await spec("分散", SPREAD)}/dependencies` };
}

const zoomOf = async (canvas: Locator) => Number((await canvas.locator(".react-flow__viewport").getAttribute("style"))!.match(/scale\(([\d.]+)\)/)![1]);
/** Every label, title and hidden help text React Flow and the nodes put in the canvas. */
const chromeOf = (canvas: Locator) =>
  canvas.evaluate((el) => [
    ...[...el.querySelectorAll("[aria-label], [title]")].flatMap((e) => [e.getAttribute("aria-label"), e.getAttribute("title")]),
    ...[...el.querySelectorAll("[id^='react-flow__node-desc'], [id^='react-flow__edge-desc'], .react-flow__node")].map((e) => e.textContent),
  ].filter((s): s is string => Boolean(s)));

async function drop(page: Page, canvas: Locator, button: string, at: { x: number; y: number }) {
  const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
  await page.getByRole("button", { name: button }).dispatchEvent("dragstart", { dataTransfer });
  await canvas.dispatchEvent("dragover", { dataTransfer, clientX: at.x, clientY: at.y });
  await canvas.dispatchEvent("drop", { dataTransfer, clientX: at.x, clientY: at.y });
}

test.use({ viewport: { width: 1440, height: 900 } });

test("the canvas is a workspace: as tall as the window, drops land where the pointer is and never on each other, auto layout stays readable, the minimap shows the graph, in Chinese", async ({ page }) => {
  test.setTimeout(90_000);
  await signUp(page, "isv");
  const urls = await makeSpecs(page);

  await page.goto(urls.empty);
  const canvas = page.getByRole("region", { name: "编排画布" });
  const box = (await canvas.boundingBox())!;
  // Down to the window's bottom edge, controls and minimap in sight, and most of the window's width.
  expect(box.y + box.height).toBeLessThanOrEqual(900);
  expect(box.y + box.height).toBeGreaterThanOrEqual(900 - 48);
  expect(box.height).toBeGreaterThanOrEqual(560);
  expect(box.width).toBeGreaterThanOrEqual(800);
  await expect(canvas.getByRole("button", { name: "适应画布", exact: true })).toBeInViewport();
  await expect(canvas.getByText("从左侧资源面板把资源拖到这里，或按资源名称添加。")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/zh-empty.png` });

  // Two drops at the same point: the first lands centred on the pointer, at 100 %; the second is not on top of it.
  const at = { x: box.x + box.width / 3, y: box.y + box.height / 3 };
  await drop(page, canvas, "添加工作负载", at);
  const first = canvas.getByRole("group").filter({ hasText: "workload-1" });
  await expect(first).toBeVisible();
  const one = (await first.boundingBox())!;
  expect(Math.abs(one.x + one.width / 2 - at.x)).toBeLessThan(4);
  expect(Math.abs(one.y + one.height / 2 - at.y)).toBeLessThan(4);
  await drop(page, canvas, "添加访问端点", at);
  const second = (await canvas.getByRole("group").filter({ hasText: "endpoint-1" }).boundingBox())!;
  expect(second.y >= one.y + one.height || second.x >= one.x + one.width).toBe(true);
  expect(await zoomOf(canvas)).toBe(1);
  await expect(first).toContainText("工作负载");
  await expect(canvas.getByText("从左侧资源面板把资源拖到这里，或按资源名称添加。")).toHaveCount(0);

  // The controls, minimap, nodes and their help speak Chinese.
  for (const name of ["放大", "缩小", "适应画布", "锁定或解锁画布"]) await expect(canvas.getByRole("button", { name, exact: true })).toHaveAttribute("title", name);
  await page.getByRole("complementary", { name: "endpoint-1 的属性" }).getByRole("checkbox", { name: "workload-1" }).check();
  await expect(canvas.getByRole("group", { name: "endpoint-1 依赖 workload-1" })).toBeAttached();
  for (const text of await chromeOf(canvas)) expect(text).not.toMatch(FLOW_ENGLISH);
  await expect(page.getByRole("region", { name: "问题" })).toContainText("workload-1：镜像版本为必填项。");

  // A graph drawn far apart: after 自动布局 every node is inside the pane at a readable size, and the minimap shows each in colour.
  await page.goto(urls.spread);
  await expect(canvas.getByRole("group").filter({ hasText: "data" })).toBeAttached();
  await page.screenshot({ path: `${SHOTS}/zh-before-layout.png` });
  await page.getByRole("button", { name: "自动布局" }).click();
  await expect.poll(() => zoomOf(canvas)).toBeGreaterThanOrEqual(0.7);
  await page.waitForTimeout(400);
  const pane = (await canvas.boundingBox())!;
  for (const id of ["ep", "ui", "api", "creds", "data", "net"]) {
    const node = (await canvas.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    expect(node.width, id).toBeGreaterThanOrEqual(120);
    expect(node.x, id).toBeGreaterThanOrEqual(pane.x);
    expect(node.y, id).toBeGreaterThanOrEqual(pane.y);
    expect(node.x + node.width, id).toBeLessThanOrEqual(pane.x + pane.width);
    expect(node.y + node.height, id).toBeLessThanOrEqual(pane.y + pane.height);
  }
  const minimap = canvas.getByRole("img", { name: "画布缩略图" });
  await expect(minimap).toBeInViewport();
  const fills = await minimap.locator(".react-flow__minimap-node").evaluateAll((rects) => rects.map((r) => getComputedStyle(r).fill));
  expect(fills).toHaveLength(6);
  expect(new Set(fills).size).toBe(5); // one colour per kind
  await page.screenshot({ path: `${SHOTS}/zh-after-layout.png` });

  // The bill of materials lists the account the credentials generate.
  await expect(page.getByRole("table", { name: "资源清单" }).getByRole("row").filter({ hasText: "账号凭据 · creds" })).toContainText("自动生成的账号和密码");
});

test("the English canvas shows no Chinese chrome", async ({ page, context }) => {
  test.setTimeout(90_000);
  await signUp(page, "isv");
  const urls = await makeSpecs(page);
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: APP_ORIGIN }]);
  await page.goto(urls.spread);
  const canvas = page.getByRole("region", { name: "Dependency canvas" });
  await expect(canvas.getByRole("group").filter({ hasText: "data" })).toBeAttached();
  await page.screenshot({ path: `${SHOTS}/en-before-layout.png` });
  await page.getByRole("button", { name: "Auto layout" }).click();
  await expect.poll(() => zoomOf(canvas)).toBeGreaterThanOrEqual(0.7);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${SHOTS}/en-after-layout.png` });
  for (const name of ["Zoom in", "Zoom out", "Fit to view", "Lock or unlock the canvas"]) await expect(canvas.getByRole("button", { name, exact: true })).toHaveAttribute("title", name);
  await expect(canvas.getByRole("group", { name: "ep depends on ui" })).toBeAttached();
  await expect(canvas.getByRole("img", { name: "Canvas overview" })).toBeVisible();
  await expect(canvas.getByRole("group").filter({ hasText: "creds" })).toContainText("Credentials");
  for (const text of await chromeOf(canvas)) expect(text).not.toMatch(CJK);
  await expect(page.getByRole("table", { name: "Bill of materials" })).toContainText("Generated account and password");
});
