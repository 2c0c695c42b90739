import { createHmac } from "node:crypto";
import mqtt from "mqtt";
import { expect, registerDevice, signUp, test } from "./helpers";

/** IoTDA's client ID and password, computed here independently of the server's code. */
function credentials(deviceId: string, secret: string) {
  const timestamp = new Date().toISOString().replace(/\D/g, "").slice(0, 10);
  return { clientId: `${deviceId}_0_1_${timestamp}`, username: deviceId, password: createHmac("sha256", timestamp).update(secret).digest("hex") };
}

test("a device reporting over MQTT shows online with its latest properties", async ({ page }) => {
  await signUp(page, "buyer");
  const { deviceId, secret } = await registerDevice(page, { product: "温度计", deviceType: "Thermometer", nodeId: "thermo-1", name: "一号温度计" });
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
