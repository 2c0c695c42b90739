import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deviceMessages } from "@/db/schema";
import { registerDevice } from "@/lib/devices/service";
import { iotdaCredentials } from "@/lib/mqtt/auth";
import { createMqttBroker, type RunningBroker } from "@/lib/mqtt/broker";
import { connect, makeDevices, report, reportTopic, run } from "../support/mqtt";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mqtt-tls-"));
const pem = (name: string) => fs.readFileSync(path.join(dir, name));
/** A self-signed certificate and key from openssl, as devices' certificates often are. */
const selfSigned = (name: string) =>
  run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", `/CN=${name}`, "-keyout", path.join(dir, `${name}.key`), "-out", path.join(dir, `${name}.crt`)]);

let broker: RunningBroker;
beforeAll(async () => {
  await Promise.all([selfSigned("server"), selfSigned("device"), selfSigned("stranger")]);
  broker = await createMqttBroker({ port: 0, host: "127.0.0.1", tls: { port: 0, cert: pem("server.crt"), key: pem("server.key") } });
});
afterAll(async () => {
  await broker.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const fingerprint = (name: string, sha1 = false) => {
  const cert = new X509Certificate(pem(`${name}.crt`));
  return (sha1 ? cert.fingerprint : cert.fingerprint256).replace(/:/g, "").toLowerCase();
};
const tlsClient = (name: string | null) => ({
  protocol: "mqtts" as const,
  port: broker.tlsPort!,
  rejectUnauthorized: false,
  ...(name ? { cert: pem(`${name}.crt`), key: pem(`${name}.key`) } : {}),
});

describe("certificate devices over TLS", () => {
  it("connects with the registered certificate (SHA-256 or SHA-1 fingerprint) and nothing else", async () => {
    const { owner, product } = await makeDevices(0);
    const sha256 = registerDevice(owner, { productId: product.id, nodeId: "cert-256", name: "C256", authType: "CERTIFICATES", fingerprint: fingerprint("device") }).device;
    const sha1 = registerDevice(owner, { productId: product.id, nodeId: "cert-1", name: "C1", authType: "CERTIFICATES", fingerprint: fingerprint("device", true) }).device;
    for (const device of [sha256, sha1]) {
      const creds = { clientId: iotdaCredentials(device.id, "").clientId, username: device.id };
      const client = await connect(broker.tlsPort!, { ...creds, ...tlsClient("device") });
      await client.publishAsync(reportTopic(device.id), report(5), { qos: 1 });
      await client.endAsync();
      expect(getDb().select().from(deviceMessages).where(eq(deviceMessages.deviceSeq, device.seq)).all()).toHaveLength(1);
      // Another certificate, none at all, or plain TCP with a password: refused alike.
      await expect(connect(broker.tlsPort!, { ...creds, ...tlsClient("stranger") })).rejects.toMatchObject({ code: 4 });
      await expect(connect(broker.tlsPort!, { ...creds, ...tlsClient(null) })).rejects.toMatchObject({ code: 4 });
      await expect(connect(broker.port, { ...creds, password: "0".repeat(64) })).rejects.toMatchObject({ code: 4 });
    }
  });

  it("still lets secret devices use their password over TLS, and stores what they report", async () => {
    const { devices } = await makeDevices(1);
    const client = await connect(broker.tlsPort!, { ...iotdaCredentials(devices[0].id, devices[0].secret), ...tlsClient(null) });
    expect(client.connected).toBe(true);
    await client.publishAsync(reportTopic(devices[0].id), report(21), { qos: 1 });
    await client.endAsync();
    const stored = getDb().select().from(deviceMessages).where(eq(deviceMessages.deviceSeq, devices[0].seq)).all();
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0].payload)).toEqual(JSON.parse(report(21)));
    // A wrong password over TLS is refused like one over TCP.
    await expect(connect(broker.tlsPort!, { ...iotdaCredentials(devices[0].id, "0".repeat(32)), ...tlsClient(null) })).rejects.toMatchObject({ code: 4 });
  });
});
