// What `npm run test:container` asks of the running container through its published ports: an
// image upload over tus and its validation, a deploy test on the mounted engine, and an MQTT device.
import { createHmac } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import mqtt from "mqtt";
import * as tus from "tus-js-client";
import { PROTECTED_GRAPH } from "../support/graphs";
import { api, check, waitFor } from "./support";

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/images/docker_hello-iot_v1.0.tar");

type Image = { id: string; name: string; versions: { version: string; status: string; failureReason?: string }[] };
type Deployment = {
  id: string;
  status: string;
  target: { name: string; provider: string; simulated: boolean };
  failureMessage?: string | null;
  outputs: { name: string; value: string; secret: boolean }[];
  events: { message: string }[];
};

/** Uploads the hello-iot fixture over tus with an ISV's API key and waits until it is ready. */
export async function uploadImage(base: string, key: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const upload = new tus.Upload(fs.createReadStream(FIXTURE), {
      endpoint: `${base}/api/uploads`,
      uploadSize: fs.statSync(FIXTURE).size,
      headers: { "X-Auth-Token": key },
      metadata: { filename: path.basename(FIXTURE) },
      retryDelays: null,
      onSuccess: () => resolve(),
      onError: reject,
    });
    upload.start();
  });
  const version = await waitFor("the uploaded image to be validated", 60_000, async () => {
    const { images } = await api<{ images: Image[] }>(base, "/api/v1/images", { key });
    const found = images.find((i) => i.name === "hello-iot")?.versions.find((v) => v.version === "v1.0");
    return found && found.status !== "validating" && found.status !== "uploading" ? found : undefined;
  });
  check(version.status === "ready", `the uploaded image hello-iot v1.0 is ready (${version.status}${version.failureReason ? `: ${version.failureReason}` : ""})`);
}

/**
 * An application and spec through the REST API, then a deploy test: it must run on the real
 * `local` Docker target (the mounted engine), answer at its access URL, and uninstall cleanly.
 */
export async function deployTest(base: string, key: string): Promise<void> {
  const app = await api<{ id: string }>(base, "/api/v1/applications", { key }, { method: "POST", body: { name: "Hello IoT", industry: "智慧园区", scenario: "园区安防" }, expect: 201 });
  const spec = await api<{ id: string }>(
    base,
    `/api/v1/applications/${app.id}/specs`,
    { key },
    { method: "POST", body: { type: "general", location: "edge", name: "standard", description: "one container", allowTrial: true, graph: PROTECTED_GRAPH }, expect: 201 },
  );
  const started = await api<Deployment>(base, `/api/v1/specs/${spec.id}/deploy-tests`, { key }, { method: "POST", expect: 201 });
  check(started.target.name === "local" && started.target.provider === "docker" && !started.target.simulated, `the deploy test runs on the real Docker target "local" (got ${started.target.name}, ${started.target.provider})`);
  const running = await waitFor("the deploy test to install", 120_000, async () => {
    const d = await api<Deployment>(base, `/api/v1/deployments/${started.id}`, { key });
    return d.status === "running" || d.status === "failed" ? d : undefined;
  });
  check(running.status === "running", `the deploy test installed (${running.status}${running.failureMessage ? `: ${running.failureMessage}\n${running.events.map((e) => e.message).join("\n")}` : ""})`);
  const url = running.outputs.find((o) => /^https?:\/\//.test(o.value))?.value;
  const password = running.outputs.find((o) => o.secret)?.value;
  check(url && password, `the deployment has an access URL (${url}) and a generated password`);
  const anonymous = await fetch(url!);
  check(anonymous.status === 401, `the workload answers 401 without credentials at ${url}`);
  const signedIn = await fetch(url!, { headers: { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}` } });
  check(signedIn.status === 200 && (await signedIn.text()).includes("hello-iot v1.0"), "the workload answers 200 with its page given the generated password");

  await api(base, `/api/v1/deployments/${started.id}`, { key }, { method: "DELETE", expect: 202 });
  const gone = await waitFor("the deploy test to uninstall", 60_000, async () => {
    const d = await api<Deployment>(base, `/api/v1/deployments/${started.id}`, { key });
    return d.status === "deleted" || d.status === "failed" ? d : undefined;
  });
  check(gone.status === "deleted", `the deploy test uninstalled cleanly (${gone.status})`);
  const after = await api<{ status: string }>(base, `/api/v1/specs/${spec.id}`, { key });
  check(after.status === "tested", `the spec counts as deploy-tested (${after.status})`);
}

/** IoTDA's credentials: client id `{device}_0_1_{YYYYMMDDHH}`, password HMAC-SHA256 of the secret keyed by the hour. */
function iotdaLogin(deviceId: string, secret: string) {
  const hour = new Date().toISOString().replace(/\D/g, "").slice(0, 10);
  return { clientId: `${deviceId}_0_1_${hour}`, username: deviceId, password: createHmac("sha256", hour).update(secret).digest("hex") };
}

/** A buyer registers a device through /v5, which then connects over MQTT and reports at QoS 1. */
export async function mqttDevice(base: string, mqttPort: number, key: string): Promise<void> {
  const me = await api<{ id: string }>(base, "/api/v1/me", { key });
  const product = await api<{ product_id: string }>(
    base,
    `/v5/iot/${me.id}/products`,
    { key },
    { method: "POST", body: { name: "meters", device_type: "meter", protocol_type: "MQTT", manufacturer_name: "acme" }, expect: 201 },
  );
  const device = await api<{ device_id: string; auth_info: { secret: string } }>(
    base,
    `/v5/iot/${me.id}/devices`,
    { key },
    { method: "POST", body: { node_id: "meter-1", device_name: "Meter 1", product_id: product.product_id }, expect: 201 },
  );
  const refused = await mqttConnect(mqttPort, { ...iotdaLogin(device.device_id, device.auth_info.secret), password: "0".repeat(64) }).then(
    (client) => (client.end(true), false),
    () => true,
  );
  check(refused, "the broker refuses a wrong password");
  const client = await mqttConnect(mqttPort, iotdaLogin(device.device_id, device.auth_info.secret));
  try {
    const topic = `$oc/devices/${device.device_id}/sys/properties/report`;
    await client.publishAsync(topic, JSON.stringify({ services: [{ service_id: "meter", properties: { temperature: 21 } }] }), { qos: 1 });
    check(true, `the device ${device.device_id} connected with an IoTDA login and its QoS 1 report was acknowledged`);
  } finally {
    await client.endAsync();
  }
  const listed = await api<{ status: string }>(base, `/v5/iot/${me.id}/devices/${device.device_id}`, { key });
  check(listed.status === "ONLINE" || listed.status === "OFFLINE", `the device is listed (${listed.status})`);
}

function mqttConnect(port: number, login: { clientId: string; username: string; password: string }): Promise<mqtt.MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect({ host: "127.0.0.1", port, reconnectPeriod: 0, connectTimeout: 10_000, protocolVersion: 4, ...login });
    client.once("connect", () => resolve(client));
    client.once("error", (error) => {
      client.end(true);
      reject(error);
    });
    client.once("close", () => reject(new Error("closed")));
  });
}
