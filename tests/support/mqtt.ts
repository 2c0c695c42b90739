import { execFile } from "node:child_process";
import { promisify } from "node:util";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { createMqttBroker } from "@/lib/mqtt/broker";
import { iotdaCredentials } from "@/lib/mqtt/auth";
import { createProduct, registerDevice } from "@/lib/devices/service";
import { makeUser } from "./users";

export const run = promisify(execFile);

/** A broker on a free port (port 0), for one test file. */
export function startBroker(maxPayloadBytes?: number) {
  return createMqttBroker({ port: 0, host: "127.0.0.1", maxPayloadBytes });
}

/** A buyer with one MQTT product and `count` secret devices; the secrets in clear. */
export async function makeDevices(count = 1) {
  const owner = await makeUser(["buyer"]);
  const product = createProduct(owner, { name: "meters", protocol: "MQTT", deviceType: "meter", manufacturer: "acme" });
  const devices = Array.from({ length: count }, (_, i) => {
    const { device, secret } = registerDevice(owner, { productId: product.id, nodeId: `node-${i}`, name: `Meter ${i}` });
    return { id: device.id, seq: device.seq, secret: secret! };
  });
  return { owner, product, devices };
}

/** Connects with mqtt.js; resolves once CONNACK accepted, rejects with the refusal's error. */
export function connect(port: number, options: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect({ host: "127.0.0.1", port, reconnectPeriod: 0, connectTimeout: 10_000, ...options });
    client.once("connect", () => resolve(client));
    client.once("error", (error) => {
      client.end(true);
      reject(error);
    });
    client.once("close", () => reject(new Error("closed")));
  });
}

export function connectDevice(port: number, device: { id: string; secret: string }, at?: Date) {
  return connect(port, iotdaCredentials(device.id, device.secret, at));
}

/** Resolves when the broker closes this client's connection (a refused publish does that). */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => (client.disconnected ? resolve() : client.once("close", () => resolve())));
}

export const reportTopic = (deviceId: string) => `$oc/devices/${deviceId}/sys/properties/report`;
export const report = (temperature: number) => JSON.stringify({ services: [{ service_id: "meter", properties: { temperature } }] });
