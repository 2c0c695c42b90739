import path from "node:path";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

/** The hello-iot fixture image archive ISVs upload. */
export const FIXTURE = path.resolve("tests/fixtures/images/docker_hello-iot_v1.0.tar.gz");

export { PROTECTED_GRAPH } from "../support/graphs";

/**
 * Every spec's `test`: fails a test when Chromium reported a Content-Security-Policy violation in any
 * page or frame of any context it opened (the console's "Refused to …" lines, and each
 * `securitypolicyviolation` event, logged by an init script). A test that provokes one on purpose
 * takes `cspViolations`, checks it and empties it.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    // `run`: Playwright's `use` callback, named so that React's hook rules leave it alone.
    async ({ context, browser }, run) => {
      const seen: string[] = [];
      const watch = async (watched: BrowserContext) => {
        watched.on("console", (message) => {
          if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
        });
        await watched.addInitScript(() =>
          document.addEventListener("securitypolicyviolation", (event) =>
            console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI} at ${event.documentURI}`),
          ),
        );
      };
      await watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const created = await newContext(options);
        await watch(created);
        return created;
      };
      try {
        await run(seen);
      } finally {
        browser.newContext = newContext;
      }
      expect(seen, "CSP violations reported in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** The app's own origin: page.request sends no Origin, and cookie-authenticated API writes need it. */
export const APP_ORIGIN = `http://127.0.0.1:${Number(process.env.E2E_PORT || 3210)}`;
export const SAME_ORIGIN = { origin: APP_ORIGIN };

export const OPERATOR = { email: "operator@e2e.local", password: "operator-e2e-password" };

let counter = 0;
export function uniqueEmail(role: string): string {
  return `${role}-${Date.now()}-${++counter}@e2e.local`;
}

/** Signs up through the form (zh-CN UI) and waits for the role's landing page. */
export async function signUp(page: Page, role: "isv" | "buyer") {
  const account = { email: uniqueEmail(role), password: "e2e-password-1" };
  await page.goto("/signup");
  await page.getByLabel("邮箱").fill(account.email);
  await page.getByLabel("密码").fill(account.password);
  await page.getByLabel(role === "isv" ? "应用提供商（ISV）" : "买家 / 集成商").check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(role === "isv" ? /\/console\/images$/ : /\/market$/);
  return account;
}

/**
 * A product and one device of it, registered through the workbench's forms by a signed-in buyer;
 * returns the device's ID and its generated secret (shown once, then the dialog is closed).
 */
export async function registerDevice(page: Page, { product, deviceType, nodeId, name }: { product: string; deviceType: string; nodeId: string; name?: string }) {
  await page.goto("/workbench/devices/products");
  await page.getByLabel("产品名称").fill(product);
  await page.getByLabel("设备类型").fill(deviceType);
  await page.getByLabel("厂商名称").fill("acme");
  await page.getByRole("button", { name: "创建产品" }).click();
  await expect(page.getByRole("table", { name: "产品列表" }).getByRole("cell", { name: product })).toBeVisible();
  await page.goto("/workbench/devices");
  await page.getByRole("button", { name: "设备注册" }).click();
  const dialog = page.getByRole("dialog", { name: "设备注册" });
  await dialog.getByLabel("设备标识码 *").fill(nodeId);
  if (name) await dialog.getByLabel("设备名称").fill(name);
  await dialog.getByRole("button", { name: "注册", exact: true }).click();
  const deviceId = (await dialog.getByLabel("设备ID", { exact: true }).textContent())!.trim();
  const secret = (await dialog.getByLabel("密钥", { exact: true }).textContent())!.trim();
  await dialog.getByRole("button", { name: "我已保存" }).click();
  return { deviceId, secret };
}

export async function logIn(page: Page, account: { email: string; password: string }) {
  await page.getByLabel("邮箱").fill(account.email);
  await page.getByLabel("密码").fill(account.password);
  await page.getByRole("button", { name: "登录" }).click();
}

/** The deploy test runs for real on the e2e server's Docker Engine, through the REST API: install, then uninstall cleanly. */
export async function deployTest(page: Page, specId: string) {
  const started = await (await page.request.post(`/api/v1/specs/${specId}/deploy-tests`, { headers: SAME_ORIGIN })).json();
  const status = async () => (await (await page.request.get(`/api/v1/deployments/${started.id}`)).json()).status;
  await expect.poll(status, { timeout: 60_000 }).toBe("running");
  expect((await page.request.delete(`/api/v1/deployments/${started.id}`, { headers: SAME_ORIGIN })).status()).toBe(202);
  await expect.poll(status, { timeout: 30_000 }).toBe("deleted");
}

/** A real picture the browser can show (drawn on a canvas in the page), for previews and screenshots. */
export async function drawnImage(page: Page, type: "image/png" | "image/jpeg", width: number, height: number, colour: string): Promise<Buffer> {
  const bytes = await page.evaluate(
    ({ type, width, height, colour }) =>
      new Promise<number[]>((resolve) => {
        const canvas = document.createElement("canvas");
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext("2d")!;
        context.fillStyle = colour;
        context.fillRect(0, 0, width, height);
        context.fillStyle = "#ffffff";
        context.fillRect(width / 4, height / 4, width / 2, height / 2);
        canvas.toBlob(async (blob) => resolve([...new Uint8Array(await blob!.arrayBuffer())]), type, 0.9);
      }),
    { type, width, height, colour },
  );
  return Buffer.from(bytes);
}

type ChosenFile = { name: string; mimeType: string; buffer: Buffer };

/** Chooses files through a file-drop field's own button (named "选择文件 <field>") and the file chooser it opens. */
export async function chooseFiles(page: Page, field: string, files: ChosenFile | ChosenFile[], choose = "选择文件") {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: `${choose} ${field}`, exact: true }).click();
  await (await chooser).setFiles(files);
}

/** Drops files on a file-drop field, as a drag from the desktop would (the drop bubbles from its button to the zone). */
export async function dropFiles(page: Page, field: string, files: { name: string; type: string; text: string }[], choose = "选择文件") {
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) transfer.items.add(new File([f.text], f.name, { type: f.type }));
    return transfer;
  }, files);
  await page.getByRole("button", { name: `${choose} ${field}`, exact: true }).dispatchEvent("drop", { dataTransfer });
}

/** The submit wizard, from the application's review tab: material, then the specs to list. */
export async function fillWizard(page: Page, name: string, summary: string, specNames: string[] = ["标准版"]) {
  await page.getByRole("link", { name: /提交审核/ }).click();
  await page.getByLabel("应用名称").fill(name);
  // Pictures the browser can draw: the previews show them (a header-only JPEG would show as broken).
  await chooseFiles(page, "Logo", { name: "logo.png", mimeType: "image/png", buffer: await drawnImage(page, "image/png", 64, 64, "#2563eb") });
  await chooseFiles(page, "展示图", { name: "card.jpg", mimeType: "image/jpeg", buffer: await drawnImage(page, "image/jpeg", 320, 180, "#0f766e") });
  await chooseFiles(page, "介绍图", [{ name: "intro.png", mimeType: "image/png", buffer: await drawnImage(page, "image/png", 640, 400, "#7c3aed") }]);
  await page.getByLabel("应用简介").fill(summary);
  await expect(page.getByText(`${summary.length} / 90`)).toBeVisible();
  await submitWizard(page, specNames);
}

/** Step ② of the wizard: tick the specs and submit; the review tab then shows the submission pending. */
export async function submitWizard(page: Page, specNames: string[] = ["标准版"]) {
  await page.getByRole("button", { name: "下一步" }).click();
  for (const spec of specNames) await page.getByLabel(new RegExp(spec)).check();
  await page.getByRole("button", { name: "提交审核" }).click();
  await expect(page.getByRole("list", { name: "审核记录" }).getByText("审核中").first()).toBeVisible();
}
