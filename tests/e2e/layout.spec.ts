import type { Locator, Page } from "@playwright/test";
import { APP_ORIGIN, chooseFiles, expect, logIn, OPERATOR, registerDevice, signUp, test } from "./helpers";

// Data pages fit the window: no table wider than its box, row actions inside the viewport, short
// IDs with a copy button, times on one line, a one-line header. Judged at the widths of common
// laptop screens, in both languages.

const WIDTHS = [1280, 1440];
const SHOTS = process.env.E2E_SHOTS_DIR;

const words = {
  "zh-CN": { devices: "设备列表", deleteOf: "删除", copyOf: (id: string) => `复制 ${id} 的设备ID`, items: "执行详情", success: "成功", logout: "退出登录" },
  en: { devices: "Devices", deleteOf: "Delete", copyOf: (id: string) => `Copy the device ID of ${id}`, items: "Task rows", success: "Success", logout: "Log out" },
} as const;

async function setLocaleCookie(page: Page, locale: keyof typeof words) {
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: locale, url: APP_ORIGIN }]);
}

/** Neither the page nor the table's box scrolls sideways. */
async function expectNoHorizontalOverflow(page: Page, table: Locator) {
  const page_ = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(page_.scroll, "page wider than the window").toBeLessThanOrEqual(page_.client);
  const box = await table.evaluate((t) => ({ scroll: t.parentElement!.scrollWidth, client: t.parentElement!.clientWidth }));
  expect(box.scroll, "table wider than its box").toBeLessThanOrEqual(box.client);
}

/** The element lies wholly inside the viewport. */
async function expectInViewport(page: Page, element: Locator) {
  const box = (await element.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

/** The element's text is laid out on one line (its line boxes share one top). */
async function expectOneLine(element: Locator) {
  const tops = await element.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return [...new Set([...range.getClientRects()].map((box) => Math.round(box.top)))];
  });
  expect(tops, `lines of "${await element.textContent()}"`).toHaveLength(1);
}

/** Everything in the header sits on one line: the header is one bar, its first and last items level. */
async function expectOneLineHeader(page: Page, last: Locator) {
  const header = (await page.locator("header").boundingBox())!;
  expect(header.height, "header height").toBeLessThanOrEqual(64);
  const brand = (await page.getByRole("link", { name: "Stagecraft" }).boundingBox())!;
  const end = (await last.boundingBox())!;
  expect(Math.abs(brand.y + brand.height / 2 - (end.y + end.height / 2))).toBeLessThanOrEqual(4);
}

test("the device list and a batch task's details fit 1280 and 1440 px in both languages, with short IDs to copy and a one-line header", async ({ page }) => {
  await signUp(page, "buyer");
  const nodeId = "layout-meter-e2e-000000000001";
  const { deviceId } = await registerDevice(page, { product: "布局检查用的智能电表", deviceType: "Meter", nodeId, name: "一号楼三层东侧配电间智能电表" });
  const productId = deviceId.slice(0, -nodeId.length - 1);

  const rows = Array.from({ length: 5 }, (_, i) => `layout-batch-device-${i},批量设备 ${i},${productId},SECRET,,`);
  const csv = ["node_id,device_name,product_id,auth_type,secret,fingerprint", ...rows].join("\r\n");
  await page.getByRole("button", { name: "设备注册" }).click();
  const dialog = page.getByRole("dialog", { name: "设备注册" });
  await dialog.getByLabel("批量注册").check();
  await chooseFiles(page, "设备文件", { name: "layout.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await dialog.getByRole("button", { name: "上传并注册" }).click();
  await expect(page).toHaveURL(/\/workbench\/devices\/tasks\/[0-9a-f-]{36}$/);
  await expect(page.getByText("成功 5 · 失败 0 · 共 5 行")).toBeVisible({ timeout: 30_000 });
  const taskUrl = page.url();

  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: APP_ORIGIN });
  for (const locale of ["zh-CN", "en"] as const) {
    const w = words[locale];
    await setLocaleCookie(page, locale);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/workbench/devices");
      const devices = page.getByRole("table", { name: w.devices });
      await expect(devices.getByRole("row")).toHaveCount(7);
      await expectNoHorizontalOverflow(page, devices);
      await expectInViewport(page, devices.getByRole("button", { name: `${w.deleteOf} ${nodeId}` }));
      for (const time of await devices.locator("time").all()) await expectOneLine(time);
      const row = devices.getByRole("row").filter({ hasText: "一号楼三层东侧配电间智能电表" });
      expect((await row.boundingBox())!.height, "a device row's height").toBeLessThanOrEqual(60);

      // The ID is shown short; its title and its copy button carry the whole of it.
      const id = row.locator("code", { hasText: "…" });
      await expect(id).toHaveAttribute("title", deviceId);
      expect(((await id.textContent()) ?? "").length).toBeLessThan(deviceId.length);
      await row.getByRole("button", { name: w.copyOf(nodeId) }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(deviceId);

      await expectOneLineHeader(page, page.getByRole("button", { name: w.logout }));
      if (SHOTS && width === 1440) await page.screenshot({ path: `${SHOTS}/devices-${locale}-${width}.png`, fullPage: true });

      await page.goto(taskUrl);
      const items = page.getByRole("table", { name: w.items });
      await expect(items.getByRole("row")).toHaveCount(6);
      await expectNoHorizontalOverflow(page, items);
      for (const status of await items.getByRole("cell", { name: w.success, exact: true }).all()) await expectOneLine(status);
      if (SHOTS && width === 1440) await page.screenshot({ path: `${SHOTS}/task-${locale}-${width}.png`, fullPage: true });
    }
  }
});

test("the operator's header is one line at 1280 px in both languages, its workspace named apart from its links", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/admin/reviews");
  await logIn(page, OPERATOR);
  await expect(page).toHaveURL(/\/admin\/reviews$/);
  for (const [locale, group, reviews, logout] of [
    ["zh-CN", "平台运营", "应用审核", "退出登录"],
    ["en", "Operations", "App reviews", "Log out"],
  ] as const) {
    await setLocaleCookie(page, locale);
    await page.goto("/admin/reviews");
    const nav = page.getByRole("group", { name: group });
    await expect(nav.getByRole("link", { name: reviews })).toBeVisible();
    await expect(nav.getByRole("link")).toHaveCount(4); // the label is no link
    await expectOneLineHeader(page, page.getByRole("button", { name: logout }));
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/operator-${locale}-1280.png` });
  }
});
