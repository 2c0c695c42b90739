import net from "node:net";
import { afterAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deviceMessages, devices as devicesTable } from "@/db/schema";
import { iotdaCredentials } from "@/lib/mqtt/auth";
import { createMqttBroker } from "@/lib/mqtt/broker";
import { startMqtt, stopMqtt } from "@/lib/mqtt/server";
import { deleteDevices, resetDeviceSecret } from "@/lib/devices/service";
import { closed, connectDevice, makeDevices, report, reportTopic } from "../support/mqtt";

process.env.MQTT_PORT = "0";
afterAll(() => stopMqtt());

/** A raw MQTT 3.1.1 CONNECT: no client library, so nothing sends PINGREQ behind the test's back. */
function connectPacket(c: { clientId: string; username: string; password: string }, keepaliveSecs: number): Buffer {
  const str = (s: string) => Buffer.concat([Buffer.from([s.length >> 8, s.length & 255]), Buffer.from(s)]);
  const body = Buffer.concat([str("MQTT"), Buffer.from([4, 0xc2, keepaliveSecs >> 8, keepaliveSecs & 255]), str(c.clientId), str(c.username), str(c.password)]);
  const length: number[] = [];
  for (let n = body.length; ; ) {
    const byte = n % 128;
    n = Math.floor(n / 128);
    length.push(n > 0 ? byte | 128 : byte);
    if (n === 0) break;
  }
  return Buffer.concat([Buffer.from([0x10, ...length]), body]);
}

describe("the server's MQTT listener", () => {
  it("starts once however often it is asked", async () => {
    const [a, b] = await Promise.all([startMqtt(), startMqtt()]);
    expect(a).toBe(b);
  });

  it("turns a device offline when its keepalive lapses", async () => {
    const broker = await startMqtt();
    const { devices } = await makeDevices(1);
    const [d] = devices;
    const socket = net.connect(broker.port, "127.0.0.1");
    const connack = new Promise<Buffer>((resolve) => socket.once("data", resolve));
    const gone = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(connectPacket(iotdaCredentials(d.id, d.secret), 1));
    expect([...(await connack)]).toEqual([0x20, 2, 0, 0]); // accepted
    await vi.waitFor(() => expect(getDb().select().from(devicesTable).where(eq(devicesTable.id, d.id)).get()?.status).toBe("ONLINE"), { timeout: 10_000 });
    await gone; // the broker closes the silent connection after 1.5 keepalives
    await vi.waitFor(() => expect(getDb().select().from(devicesTable).where(eq(devicesTable.id, d.id)).get()?.status).toBe("OFFLINE"), { timeout: 10_000 });
  });
});

describe("a taken port", () => {
  it("fails the start and leaves nothing listening", async () => {
    const first = await createMqttBroker({ port: 0, host: "127.0.0.1", tls: null });
    await expect(createMqttBroker({ port: first.port, host: "127.0.0.1", tls: null })).rejects.toMatchObject({ code: "EADDRINUSE" });
    await first.close();
  });

  it("ends a device's open session when its secret is reset or it is deleted, and the old secret no longer connects", async () => {
    const broker = await startMqtt();
    const { owner, devices } = await makeDevices(2);
    const [a, b] = devices;
    const clientA = await connectDevice(broker.port, a);
    const clientB = await connectDevice(broker.port, b);
    resetDeviceSecret(owner, a.id, {});
    await closed(clientA);
    await expect(connectDevice(broker.port, a)).rejects.toThrow(/bad username or password|Not authorized/i);
    expect(clientB.connected).toBe(true); // the other device is left alone
    deleteDevices(owner, [b.id]);
    await closed(clientB);
  });
});


describe("closing the broker (server shutdown)", () => {
  it("stops listening, closes devices' connections, and has them offline and their last messages stored when it resolves", async () => {
    const broker = await createMqttBroker({ port: 0, host: "127.0.0.1", tls: null });
    const { devices } = await makeDevices(1);
    const [d] = devices;
    const client = await connectDevice(broker.port, d);
    await vi.waitFor(() => expect(getDb().select().from(devicesTable).where(eq(devicesTable.id, d.id)).get()?.status).toBe("ONLINE"));
    await client.publishAsync(reportTopic(d.id), report(21.5), { qos: 1 });
    const gone = closed(client);
    await broker.close();
    await gone;
    expect(getDb().select().from(devicesTable).where(eq(devicesTable.id, d.id)).get()?.status).toBe("OFFLINE");
    const stored = getDb().select().from(deviceMessages).where(eq(deviceMessages.deviceSeq, d.seq)).all();
    expect(stored.map((m) => JSON.parse(m.payload).services[0].properties.temperature)).toEqual([21.5]);
    // Nothing listens any more.
    await expect(
      new Promise((resolve, reject) => net.connect(broker.port, "127.0.0.1").once("connect", resolve).once("error", reject)),
    ).rejects.toMatchObject({ code: "ECONNREFUSED" });
    client.end(true);
  });
});
