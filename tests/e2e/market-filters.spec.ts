import fs from "node:fs";
import { APP_ORIGIN, expect, test } from "./helpers";

const SHOTS = "/tmp/shots/ux2-market";
fs.mkdirSync(SHOTS, { recursive: true });

test("the market's filters apply as they change, and the scenario list follows the industry", async ({ page }) => {
  await page.goto("/market");
  const search = page.getByRole("search");
  // No 筛选 button with JavaScript (it is in <noscript>).
  await expect(search.getByRole("button", { name: "筛选" })).toHaveCount(0);
  const scenario = page.getByLabel("场景");
  await expect(scenario.getByRole("option", { name: "园区安防" })).toHaveCount(1);

  await page.getByLabel("行业").selectOption({ label: "智慧城市" });
  await expect(page).toHaveURL(/industry=%E6%99%BA%E6%85%A7%E5%9F%8E%E5%B8%82/);
  await expect(scenario.getByRole("option")).toHaveText(["全部", "智慧路灯", "环境监测", "城市排水", "智能井盖"]);
  await scenario.selectOption({ label: "环境监测" });
  await expect(page).toHaveURL(/scenario=%E7%8E%AF%E5%A2%83%E7%9B%91%E6%B5%8B/);
  // Another industry drops the scenario it does not have.
  await page.getByLabel("行业").selectOption({ label: "智慧农业" });
  await expect(page).not.toHaveURL(/scenario=%E7/);
  await expect(scenario).toHaveValue("");
  await page.getByLabel("应用名称").fill("不存在的应用");
  await expect(page).toHaveURL(/q=%E4%B8%8D/);
  await expect(page.getByText("没有符合条件的应用")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/market-filter-zh.png`, fullPage: true });
});

test("in the English market, industries and scenarios read in English; the values stay the same", async ({ page, context }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "en", url: APP_ORIGIN }]);
  await page.goto("/market");
  await expect(page.getByRole("heading", { name: "IoT app marketplace" })).toBeVisible();
  const industry = page.getByLabel("Industry");
  await expect(industry.getByRole("option", { name: "Smart campus" })).toHaveCount(1);
  await expect(page.locator("body")).not.toContainText("智慧园区");
  await industry.selectOption({ label: "Smart campus" });
  await expect(page).toHaveURL(/industry=%E6%99%BA%E6%85%A7%E5%9B%AD%E5%8C%BA/);
  await expect(page.getByLabel("Scenario").getByRole("option")).toHaveText(["All", "Campus security", "Energy management", "Smart parking", "Visitor management"]);
  await page.screenshot({ path: `${SHOTS}/market-filter-en.png`, fullPage: true });
});
