import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import mqtt from "mqtt";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { expect, FIXTURE, logIn, PROTECTED_GRAPH, registerDevice, signUp, test } from "./helpers";

const run = promisify(execFile);
/** The admin command as a self-hoster runs it, against a DATA_DIR. */
const admin = (dataDir: string, ...args: string[]) =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts", ...args], { env: { ...process.env, DATA_DIR: dataDir } });

/** IoTDA's client ID and password, computed here independently of the server's code. */
function credentials(deviceId: string, secret: string) {
  const timestamp = new Date().toISOString().replace(/\D/g, "").slice(0, 10);
  return { clientId: `${deviceId}_0_1_${timestamp}`, username: deviceId, password: createHmac("sha256", timestamp).update(secret).digest("hex") };
}

test("a running server is backed up, restored into another DATA_DIR, and the restored server has its images, deployments, keys and devices", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const liveDataDir = process.env.DATA_DIR!;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-e2e-backup-"));
  let restoredServer: ServerProcess | null = null;
  try {
    // On the live server: an ISV's validated image, a key, a running deployment with a generated password.
    const isv = await signUp(page, "isv");
    await page.getByLabel("选择文件").setInputFiles(FIXTURE);
    await page.getByRole("button", { name: /hello-iot 的版本/ }).click();
    await expect(page.getByRole("table", { name: "hello-iot 版本" }).getByText("可用")).toBeVisible({ timeout: 30_000 });
    const key = (await admin(liveDataDir, "apikey", "create", "--email", isv.email, "--name", "backup-e2e")).stdout.trim().split("\n").at(-1)!;
    const api = { "X-Auth-Token": key };
    const app = await (await page.request.post("/api/v1/applications", { headers: api, data: { name: "Hello IoT", industry: "智慧园区", scenario: "园区安防" } })).json();
    const spec = await (
      await page.request.post(`/api/v1/applications/${app.id}/specs`, {
        headers: api,
        data: { type: "general", location: "edge", name: "标准版", description: "一个容器", allowTrial: true, graph: PROTECTED_GRAPH },
      })
    ).json();
    const deployment = await (await page.request.post(`/api/v1/specs/${spec.id}/deploy-tests`, { headers: api })).json();
    const view = async (base: string) => (await page.request.get(`${base}/api/v1/deployments/${deployment.id}`, { headers: api })).json();
    await expect.poll(async () => (await view("")).status, { timeout: 90_000 }).toBe("running");
    const outputs = (await view("")).outputs as { name: string; value: string; secret?: boolean }[];
    expect(outputs.some((o) => o.secret)).toBe(true);

    // A buyer's device, with its secret, which logs in over MQTT.
    const buyerPage = await (await browser.newContext()).newPage();
    await signUp(buyerPage, "buyer");
    const { deviceId, secret } = await registerDevice(buyerPage, { product: "温度计", deviceType: "Thermometer", nodeId: "thermo-1" });
    await buyerPage.context().close();

    // The backup, taken while the server runs; then restored elsewhere and started.
    const archive = path.join(work, "stagecraft.tar.gz");
    const backup = await admin(liveDataDir, "backup", archive);
    expect(backup.stdout).toMatch(/Backed up \d+ files/);
    const restoredDir = path.join(work, "restored");
    expect((await admin(restoredDir, "restore", archive)).stdout).toContain(`into ${restoredDir}`);
    restoredServer = await startServerProcess(restoredDir);
    const restored = restoredServer.base;

    // The account signs in there and finds its image; the key works; the registry serves the image
    // from the restored archive; the deployment's generated password opens.
    const other = await (await browser.newContext({ baseURL: restored })).newPage();
    await other.goto("/login");
    await logIn(other, isv);
    await expect(other.getByText(isv.email)).toBeVisible();
    await other.goto("/console/images");
    await other.getByRole("button", { name: /hello-iot 的版本/ }).click();
    await expect(other.getByRole("table", { name: "hello-iot 版本" }).getByText("可用")).toBeVisible();
    const handle = isv.email.split("@")[0];
    const basic = { Authorization: `Basic ${Buffer.from(`${isv.email}:${key}`).toString("base64")}` };
    const manifest = await page.request.get(`${restored}/v2/${handle}/hello-iot/manifests/v1.0`, { headers: basic });
    expect(manifest.status()).toBe(200);
    const layer = (JSON.parse((await manifest.body()).toString()) as { layers: { digest: string; size: number }[] }).layers[0]!;
    const blob = await page.request.get(`${restored}/v2/${handle}/hello-iot/blobs/${layer.digest}`, { headers: basic });
    expect((await blob.body()).length).toBe(layer.size);
    const again = await view(restored);
    expect(again.status).toBe("running");
    expect(again.outputs).toEqual(outputs);

    // The device logs in to the restored server's broker with the secret it was given before.
    const client = await mqtt.connectAsync({ host: "127.0.0.1", port: restoredServer.mqttPort, reconnectPeriod: 0, ...credentials(deviceId, secret) });
    await client.endAsync();
    const wrong = mqtt.connectAsync({ host: "127.0.0.1", port: restoredServer.mqttPort, reconnectPeriod: 0, ...credentials(deviceId, `${secret}x`) });
    await expect(wrong).rejects.toThrow(/Bad username or password|Not authorized/i);

    // The live server cleans up its deployment on the test Docker Engine.
    expect((await page.request.delete(`/api/v1/deployments/${deployment.id}`, { headers: api })).status()).toBe(202);
    await expect.poll(async () => (await view("")).status, { timeout: 30_000 }).toBe("deleted");
  } finally {
    restoredServer?.kill();
    await restoredServer?.exited;
    fs.rmSync(work, { recursive: true, force: true });
  }
});
