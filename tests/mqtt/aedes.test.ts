import { createServer, type AddressInfo, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import mqtt from "mqtt";
import { DeviceBroker } from "@/lib/mqtt/aedes";
import { iotdaCredentials } from "@/lib/mqtt/auth";
import type { RunningBroker } from "@/lib/mqtt/broker";
import { closed, connect, makeDevices, startBroker } from "../support/mqtt";

describe("DeviceBroker (aedes for one process)", () => {
  let aedes: DeviceBroker;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    aedes = await DeviceBroker.start({}); // aedes' defaults: anyone connects
    server = createServer(aedes.handle);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("announces no connect or disconnect on $SYS, and still ends the older of two connections with one client ID", async () => {
    const announced: string[] = [];
    await new Promise<void>((resolve) => aedes.subscribe("$SYS/#", (packet, done) => (announced.push(packet.topic), done()), resolve));
    const first = await connect(port, { clientId: "same" });
    const second = await connect(port, { clientId: "same" });
    await closed(first);
    await second.endAsync();
    await vi.waitFor(() => expect(aedes.connectedClients).toBe(0));
    // Through the broker's own publish, as aedes announces, so a dropped announcement is not a lost subscription.
    await new Promise<void>((resolve) => aedes.publish({ cmd: "publish", topic: "$SYS/other/heartbeat", payload: Buffer.from("x"), qos: 0, retain: false, dup: false }, () => resolve()));
    await vi.waitFor(() => expect(announced).toEqual(["$SYS/other/heartbeat"]));
  });
});

describe("a device with a persistent session (clean: false)", () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(() => broker.close());

  /** A device subscribed to its downlink with QoS 1 in a persistent session, now offline, and its topic. */
  async function offlineSubscriber() {
    const { devices } = await makeDevices(1);
    const [d] = devices;
    const down = `$oc/devices/${d.id}/sys/messages/down`;
    const first = await connect(broker.port, { clean: false, ...iotdaCredentials(d.id, d.secret) });
    await first.subscribeAsync(down, { qos: 1 });
    await first.endAsync();
    return { credentials: iotdaCredentials(d.id, d.secret), down };
  }

  /** Connects and collects the messages it gets, listening before the CONNACK: queued ones may come in the same read. */
  function listen(credentials: ReturnType<typeof iotdaCredentials>, clean: boolean) {
    const received: string[] = [];
    const client = mqtt.connect({ host: "127.0.0.1", port: broker.port, reconnectPeriod: 0, clean, ...credentials });
    client.on("message", (_topic, payload) => received.push(payload.toString()));
    return { client, received };
  }

  // The session's queue is handed out by aedes' connect handler, patched (patches/aedes+1.2.0.patch).
  it("gets at its next connect the QoS 1 downlinks sent while it was offline, in order and only once", async () => {
    const { credentials, down } = await offlineSubscriber();
    for (const text of ["one", "two", "three"]) await broker.publish(down, text);
    const again = listen(credentials, false);
    await vi.waitFor(() => expect(again.received).toEqual(["one", "two", "three"]));
    await again.client.endAsync();
    const third = listen(credentials, false);
    await vi.waitFor(() => expect(third.client.connected).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(third.received).toEqual([]);
    await third.client.endAsync();
  });

  it("gets none of them when it connects with a clean session, which discards the queue", async () => {
    const { credentials, down } = await offlineSubscriber();
    await broker.publish(down, "while offline");
    const clean = listen(credentials, true);
    await vi.waitFor(() => expect(clean.client.connected).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await clean.client.endAsync();
    const persistent = listen(credentials, false);
    await vi.waitFor(() => expect(persistent.client.connected).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([...clean.received, ...persistent.received]).toEqual([]);
    await persistent.client.endAsync();
  });
});
