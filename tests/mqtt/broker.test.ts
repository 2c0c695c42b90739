import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deviceMessages, devices as devicesTable } from "@/db/schema";
import { deleteDevices, registerDevice } from "@/lib/devices/service";
import { iotdaCredentials, iotdaPassword } from "@/lib/mqtt/auth";
import type { RunningBroker } from "@/lib/mqtt/broker";
import { closed, connect, connectDevice, makeDevices, report, reportTopic, startBroker } from "../support/mqtt";

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startBroker(64 * 1024);
});
afterAll(() => broker.close());

const statusOf = (id: string) => getDb().select({ status: devicesTable.status, lastSeenAt: devicesTable.lastSeenAt }).from(devicesTable).where(eq(devicesTable.id, id)).get();
const messagesOf = (seq: number) => getDb().select().from(deviceMessages).where(eq(deviceMessages.deviceSeq, seq)).orderBy(deviceMessages.id).all();
// Status changes follow socket events on the broker side; wait for them rather than for a time.
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

describe("an IoTDA device over MQTT (mqtt.js)", () => {
  it("connects, reports (stored before PUBACK), turns online then offline", async () => {
    const { devices } = await makeDevices(1);
    const [d] = devices;
    expect(statusOf(d.id)?.status).toBe("INACTIVE");
    const client = await connectDevice(broker.port, d);
    await eventually(() => expect(statusOf(d.id)?.status).toBe("ONLINE"));
    await client.publishAsync(reportTopic(d.id), report(21.5), { qos: 1 });
    await client.publishAsync(`$oc/devices/${d.id}/sys/events/up`, "{}", { qos: 1 });
    const stored = messagesOf(d.seq);
    expect(stored.map((m) => [m.kind, m.topic])).toEqual([
      ["properties", reportTopic(d.id)],
      ["events", `$oc/devices/${d.id}/sys/events/up`],
    ]);
    expect(JSON.parse(stored[0].payload).services[0].properties.temperature).toBe(21.5);
    await client.endAsync();
    await eventually(() => expect(statusOf(d.id)?.status).toBe("OFFLINE"));
    expect(statusOf(d.id)?.lastSeenAt).toBeInstanceOf(Date);
  });

  it("may subscribe to its downlink but not to '#' or another device's topics", async () => {
    const { devices } = await makeDevices(2);
    const [d, other] = devices;
    const client = await connectDevice(broker.port, d);
    const subscribe = (filter: string) =>
      client.subscribeAsync(filter).then(
        (granted) => granted[0].qos,
        (error: { packet?: { granted?: number[] } }) => error.packet?.granted?.[0],
      );
    expect(await subscribe(`$oc/devices/${d.id}/sys/messages/down`)).toBe(0);
    expect(await subscribe("#")).toBe(128);
    expect(await subscribe(`$oc/devices/${other.id}/sys/messages/down`)).toBe(128);
    expect(await subscribe(`$oc/devices/${d.id}/sys/commands/#`)).toBe(0);
    // Still connected and serving after the refusals.
    await client.publishAsync(reportTopic(d.id), report(1), { qos: 1 });
    expect(messagesOf(d.seq)).toHaveLength(1);
    await client.endAsync();
  });

  it("is disconnected for publishing to another device's topic or an oversized payload; nothing stored", async () => {
    const { devices } = await makeDevices(2);
    const [d, other] = devices;
    for (const [topic, payload] of [
      [reportTopic(other.id), report(1)],
      [`$oc/devices/${d.id}/sys/messages/down`, "{}"],
      [reportTopic(d.id), "x".repeat(64 * 1024 + 1)],
    ] as const) {
      const client = await connectDevice(broker.port, d);
      const gone = closed(client);
      client.publish(topic, payload, { qos: 1 });
      await gone;
      client.end(true);
    }
    expect(messagesOf(d.seq)).toHaveLength(0);
    expect(messagesOf(other.seq)).toHaveLength(0);
    const client = await connectDevice(broker.port, d);
    await client.publishAsync(reportTopic(d.id), "x".repeat(64 * 1024), { qos: 1 });
    expect(messagesOf(d.seq)).toHaveLength(1);
    await client.endAsync();
  });

  it("acknowledges no message it could not store: the connection closes, and the message sent again is stored", async () => {
    const { devices } = await makeDevices(1);
    const [d] = devices;
    // A write that fails as a full disk would: a trigger on the broker's own connection.
    getDb().$client.exec(`create temp trigger refuse_messages before insert on device_messages begin select raise(abort, 'database or disk is full'); end`);
    const client = await connectDevice(broker.port, d);
    const gone = closed(client);
    let acknowledged = false;
    client.publish(reportTopic(d.id), report(7), { qos: 1 }, (error) => (acknowledged = !error));
    await gone;
    client.end(true);
    expect(acknowledged).toBe(false);
    expect(messagesOf(d.seq)).toHaveLength(0);

    getDb().$client.exec("drop trigger refuse_messages");
    const again = await connectDevice(broker.port, d);
    await again.publishAsync(reportTopic(d.id), report(7), { qos: 1 });
    expect(messagesOf(d.seq)).toHaveLength(1);
    await again.endAsync();
  });

  it("refuses bad credentials with 'bad username or password', whichever part was wrong", async () => {
    const { owner, product, devices } = await makeDevices(2);
    const [d, gone] = devices;
    const ok = iotdaCredentials(d.id, d.secret);
    const cert = registerDevice(owner, { productId: product.id, nodeId: "cert", name: "Cert", authType: "CERTIFICATES", fingerprint: "b".repeat(64) }).device;
    const goneCreds = iotdaCredentials(gone.id, gone.secret);
    deleteDevices(owner, [gone.id]);
    const refused = [
      { ...ok, password: iotdaPassword("not-the-secret", ok.clientId.slice(-10)) },
      iotdaCredentials(d.id, d.secret, new Date(Date.now() - 3 * 3_600_000)),
      { ...ok, clientId: `${d.id}_0_1_20260231` },
      { ...ok, clientId: "anything" },
      iotdaCredentials(`${product.id}_nobody`, d.secret),
      goneCreds,
      iotdaCredentials(cert.id, ""),
    ];
    for (const creds of refused) {
      await expect(connect(broker.port, creds)).rejects.toMatchObject({ code: 4, message: expect.stringMatching(/Bad username or password/i) });
    }
    const client = await connectDevice(broker.port, d);
    await client.endAsync();
  });

  it("keeps a device online until its last connection closes", async () => {
    const { devices } = await makeDevices(1);
    const [d] = devices;
    const first = await connectDevice(broker.port, d);
    const second = await connect(broker.port, iotdaCredentials(d.id, d.secret, new Date(Date.now() - 3_600_000)));
    await eventually(() => expect(statusOf(d.id)?.status).toBe("ONLINE"));
    await first.endAsync();
    await second.publishAsync(reportTopic(d.id), report(2), { qos: 1 });
    expect(statusOf(d.id)?.status).toBe("ONLINE");
    await second.endAsync();
    await eventually(() => expect(statusOf(d.id)?.status).toBe("OFFLINE"));
  });
});
