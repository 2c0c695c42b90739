import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import JSZip from "jszip";
import { type Page } from "@playwright/test";
import { chooseFiles, expect, logIn, OPERATOR, signUp, test } from "./helpers";

/**
 * Listing a spec is the review issue's work and has no UI yet; the test lists one the way that
 * flow will leave it (status "listed") by writing the server's database directly.
 */
function markListed(specName: string) {
  const db = new Database(path.join(process.env.DATA_DIR!, "stagecraft.db"));
  try {
    db.pragma("busy_timeout = 5000");
    const changed = db.prepare("update specs set status = 'listed' where name = ?").run(specName).changes;
    expect(changed).toBe(1);
  } finally {
    db.close();
  }
}

async function openMenu(page: Page, specName: string) {
  await page.getByRole("button", { name: `更多：${specName}`, exact: true }).click();
  return page.getByRole("menu", { name: `更多：${specName}`, exact: true });
}

test("an ISV creates an application, adds, copies, exports and imports specs, edits it, is refused deleting a listed spec, and deletes it", async ({ page }) => {
  const appName = `智慧停车-${Date.now()}`;
  await signUp(page, "isv");
  await page.getByRole("link", { name: "应用管理" }).click();
  await expect(page.getByText("还没有应用。点击“新建应用”开始吧。")).toBeVisible();

  // 新建应用
  await page.getByRole("button", { name: "新建应用" }).click();
  const create = page.getByRole("dialog", { name: "新建应用" });
  await create.getByRole("button", { name: "保存" }).click();
  await expect(create.getByText("请输入名称。")).toBeVisible();
  await create.getByLabel("应用名称").fill(appName);
  await create.getByLabel("行业").selectOption("智慧园区");
  await create.getByLabel("场景").selectOption("智能停车");
  await create.getByLabel("应用描述").fill("车位引导与缴费");
  await expect(create.getByText("7 / 1024")).toBeVisible();
  await create.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("heading", { name: appName })).toBeVisible();

  // A refused save (the name is taken) keeps every field as it was, the selects too.
  await page.getByRole("link", { name: "← 应用管理" }).click();
  await page.getByRole("button", { name: "新建应用" }).click();
  const again = page.getByRole("dialog", { name: "新建应用" });
  await again.getByLabel("应用名称").fill(appName);
  await again.getByLabel("行业").selectOption("智慧园区");
  await again.getByLabel("场景").selectOption("智能停车");
  await again.getByLabel("应用描述").fill("同名");
  await again.getByRole("button", { name: "保存" }).click();
  await expect(again.getByText("已有同名应用。")).toBeVisible();
  await expect(again.getByLabel("行业")).toHaveValue("智慧园区");
  await expect(again.getByLabel("场景")).toHaveValue("智能停车");
  await expect(again.getByLabel("应用名称")).toHaveValue(appName);
  await expect(again.getByLabel("应用描述")).toHaveValue("同名");
  await again.getByRole("button", { name: "取消" }).click();

  // The list filters on the server, with the filter in the URL.
  await page.getByLabel("应用名称").fill("没有这个应用");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByText("没有符合条件的应用。")).toBeVisible();
  await page.getByLabel("应用名称").fill("停车");
  await page.getByLabel("审核状态").selectOption({ label: "未提交" });
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/status=none/);
  await page.getByRole("link", { name: appName }).click();

  // 新增规格 → the dependency page
  await page.getByRole("link", { name: /^规格/ }).click();
  await page.getByRole("button", { name: "新增", exact: true }).click();
  const add = page.getByRole("dialog", { name: "新增规格" });
  await add.getByLabel("规格类型").selectOption({ label: "通用规格" });
  await add.getByLabel("部署位置").selectOption({ label: "边缘站点" });
  await add.getByLabel("规格名称").fill("标准版");
  await add.getByLabel("规格描述").fill("单台边缘网关");
  await add.getByLabel("允许试用").check();
  await add.getByLabel("包月价格").fill("99");
  await add.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("heading", { name: "标准版 · 依赖配置" })).toBeVisible();
  await expect(page.getByRole("region", { name: "编排画布" })).toBeVisible();
  await page.getByRole("link", { name: `← ${appName}` }).click();

  const specs = page.getByRole("table", { name: "规格" });
  await expect(specs.getByRole("row").filter({ hasText: "标准版" })).toContainText("¥99.00/月");

  // 复制
  await (await openMenu(page, "标准版")).getByRole("menuitem", { name: "复制" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已复制为“标准版 副本”。" })).toBeVisible();
  await expect(specs.getByRole("link", { name: "标准版 副本" })).toBeVisible();

  // 导出
  const downloading = page.waitForEvent("download");
  await (await openMenu(page, "标准版")).getByRole("menuitem", { name: "导出" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${appName}-标准版.zip`);
  const file = test.info().outputPath("export.zip");
  await download.saveAs(file);
  const exported = JSON.parse(await (await JSZip.loadAsync(fs.readFileSync(file))).file("spec.json")!.async("string"));
  expect(exported).toMatchObject({ formatVersion: 1, spec: { name: "标准版", location: "edge", allowTrial: true }, pricePlan: { perMonth: 99, currency: "CNY" } });

  // 导入 the exported file under a new name
  await page.getByRole("button", { name: "导入", exact: true }).click();
  const importing = page.getByRole("dialog", { name: "导入规格" });
  const zip = { name: "export.zip", mimeType: "application/zip", buffer: fs.readFileSync(file) };
  // A file over the limit is refused as it is chosen, with the server's own message.
  await chooseFiles(page, "规格文件（.zip，不超过 500 KB）", { ...zip, name: "big.zip", buffer: Buffer.alloc(501 * 1024) });
  await expect(importing.getByText("big.zip：导入文件不能超过 500 KB。")).toBeVisible();
  await chooseFiles(page, "规格文件（.zip，不超过 500 KB）", zip);
  await importing.getByRole("button", { name: "导入", exact: true }).click();
  await expect(importing.getByText("该应用下已有同名规格。")).toBeVisible();
  // The refused import keeps its file: a new name is all it takes.
  await expect(importing.getByRole("list", { name: "已选择的规格文件（.zip，不超过 500 KB）" })).toContainText("export.zip");
  await importing.getByLabel("新规格名称（可选）").fill("导入版");
  await importing.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "已导入规格“导入版”。" })).toBeVisible();
  await expect(specs.getByRole("link", { name: "导入版" })).toBeVisible();

  // 编辑应用信息
  await page.getByRole("button", { name: "编辑应用信息" }).click();
  const edit = page.getByRole("dialog", { name: "编辑应用信息" });
  await expect(edit.getByLabel("应用名称")).toHaveValue(appName);
  await edit.getByLabel("场景").selectOption("访客管理");
  await edit.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存。" })).toBeVisible();
  await page.getByRole("link", { name: "基本信息" }).click();
  await expect(page.getByText("访客管理")).toBeVisible();

  // A listed spec cannot be deleted.
  markListed("标准版");
  await page.goto(page.url().replace("tab=basic", "tab=specs"));
  await expect(specs.getByRole("row").filter({ hasText: "标准版" }).first()).toContainText("已上架");
  await (await openMenu(page, "标准版")).getByRole("menuitem", { name: "删除" }).click();
  await page.getByRole("dialog", { name: "删除规格？" }).getByRole("button", { name: "删除" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "规格“标准版”已上架，无法删除。" })).toBeVisible();
  await expect(specs.getByRole("link", { name: "标准版", exact: true })).toBeVisible();

  // 删除 the application
  await page.getByRole("button", { name: "删除", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "删除应用？" });
  await expect(confirm).toContainText(appName);
  await confirm.getByRole("button", { name: "删除" }).click();
  await expect(page).toHaveURL(/\/console\/applications$/);
  await expect(page.getByText("还没有应用。点击“新建应用”开始吧。")).toBeVisible();
});

test("an operator adds an industry with its scenarios, and ISVs can choose it", async ({ page }) => {
  await page.goto("/admin/industries");
  await logIn(page, OPERATOR);
  await expect(page.getByRole("heading", { name: "行业与场景" })).toBeVisible();
  const add = page.getByRole("form", { name: "添加行业" });
  await add.getByLabel("行业名称").fill("智慧医疗");
  await add.getByLabel("场景（每行一个）").fill("病房监护\n药品冷链");
  await add.getByRole("button", { name: "添加行业" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存。" })).toBeVisible();
  await expect(page.getByRole("form", { name: "智慧医疗" })).toBeVisible();
  await add.getByLabel("行业名称").fill("智慧园区");
  await add.getByLabel("场景（每行一个）").fill("x");
  await add.getByRole("button", { name: "添加行业" }).click();
  await expect(add.getByText("已有同名行业。")).toBeVisible();

  await page.context().clearCookies();
  await signUp(page, "isv");
  await page.goto("/console/applications");
  await page.getByRole("button", { name: "新建应用" }).click();
  const create = page.getByRole("dialog", { name: "新建应用" });
  await create.getByLabel("行业").selectOption("智慧医疗");
  await expect(create.getByLabel("场景").getByRole("option")).toHaveText(["请选择", "病房监护", "药品冷链"]);
});
