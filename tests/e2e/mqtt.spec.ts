import { createHmac } from "node:crypto";
import mqtt from "mqtt";
import { expect, signUp, test } from "./helpers";

/** IoTDA's client ID and password, computed here independently of the server's code. */
function credentials(deviceId: string, secret: string) {
  const timestamp = new Date().toISOString().replace(/\D/g, "").slice(0, 10);
  return { clientId: `${deviceId}_0_1_${timestamp}`, username: deviceId, password: createHmac("sha256", timestamp).update(secret).digest("hex") };
}

test("a device reporting over MQTT shows online with its latest properties", async ({ page }) => {
  await signUp(page, "buyer");
  await page.goto("/workbench/devices/products");
  await page.getByLabel("产品名称").fill("温度计");
  await page.getByLabel("设备类型").fill("Thermometer");
  await page.getByLabel("厂商名称").fill("acme");
  await page.getByRole("button", { name: "创建产品" }).click();
  await expect(page.getByRole("table", { name: "产品列表" }).getByRole("cell", { name: "温度计" })).toBeVisible();

  await page.goto("/workbench/devices");
  await page.getByRole("button", { name: "设备注册" }).click();
  const dialog = page.getByRole("dialog", { name: "设备注册" });
  await dialog.getByLabel("设备标识码 *").fill("thermo-1");
  await dialog.getByLabel("设备名称").fill("一号温度计");
  await dialog.getByRole("button", { name: "注册", exact: true }).click();
  const deviceId = (await dialog.getByLabel("设备ID", { exact: true }).textContent())!.trim();
  const secret = (await dialog.getByLabel("密钥", { exact: true }).textContent())!.trim();
  await dialog.getByRole("button", { name: "我已保存" }).click();
  const row = page.getByRole("table", { name: "设备列表" }).getByRole("row").filter({ hasText: "一号温度计" });
  await expect(row.getByRole("cell", { name: "未激活" })).toBeVisible();

  // The device connects and reports; the open list turns it online without a reload.
  const client = await mqtt.connectAsync({ host: "127.0.0.1", port: Number(process.env.MQTT_PORT), reconnectPeriod: 0, ...credentials(deviceId, secret) });
  try {
    const report = { services: [{ service_id: "thermo", properties: { temperature: 23.5, unit: "C" } }] };
    await client.publishAsync(`$oc/devices/${deviceId}/sys/properties/report`, JSON.stringify(report), { qos: 1 });
    await expect(row.getByRole("cell", { name: "在线" })).toBeVisible({ timeout: 20_000 });

    await row.getByRole("link", { name: "一号温度计" }).click();
    await expect(page.getByRole("heading", { name: "一号温度计" })).toBeVisible();
    await expect(page.getByTestId("device-status")).toHaveText("在线");
    const properties = page.getByRole("table", { name: "最新属性" });
    await expect(properties.getByRole("row").filter({ hasText: "temperature" })).toContainText("23.5");
    await expect(properties.getByRole("row").filter({ hasText: "unit" })).toContainText('"C"');
    await expect(page.getByRole("table", { name: "最近消息" }).getByRole("cell", { name: "属性上报" })).toBeVisible();
  } finally {
    await client.endAsync();
  }
  // Disconnecting turns it offline, again without a reload (the detail page polls too).
  await expect(page.getByTestId("device-status")).toHaveText("离线", { timeout: 20_000 });
});
