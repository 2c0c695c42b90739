// Debian's mosquitto_pub / mosquitto_sub as a client independent of mqtt.js.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deviceMessages, devices as devicesTable } from "@/db/schema";
import { iotdaCredentials } from "@/lib/mqtt/auth";
import type { RunningBroker } from "@/lib/mqtt/broker";
import { connectDevice, makeDevices, report, reportTopic, run, startBroker } from "../support/mqtt";

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startBroker(1024 * 1024);
});
afterAll(() => broker.close());

const statusOf = (id: string) => getDb().select({ status: devicesTable.status }).from(devicesTable).where(eq(devicesTable.id, id)).get()?.status;
const countOf = (seq: number) => getDb().select().from(deviceMessages).where(eq(deviceMessages.deviceSeq, seq)).all().length;

type Creds = { clientId: string; username: string; password: string };
const common = (c: Creds) => ["-h", "127.0.0.1", "-p", String(broker.port), "-V", "mqttv311", "-i", c.clientId, "-u", c.username, "-P", c.password];
/** Exit code and output of a mosquitto client; never throws. */
const mosquitto = (cmd: "mosquitto_pub" | "mosquitto_sub", args: string[]) =>
  run(cmd, args, { timeout: 20_000 }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

describe("an IoTDA device over MQTT (mosquitto clients)", () => {
  it("publishes a QoS 1 report that is stored, and is offline after disconnecting", async () => {
    const { devices } = await makeDevices(1);
    const [d] = devices;
    const c = iotdaCredentials(d.id, d.secret);
    const result = await mosquitto("mosquitto_pub", [...common(c), "-q", "1", "-t", reportTopic(d.id), "-m", report(30)]);
    expect(result).toMatchObject({ code: 0 });
    expect(countOf(d.seq)).toBe(1);
    await vi.waitFor(() => expect(statusOf(d.id)).toBe("OFFLINE"), { timeout: 10_000, interval: 20 });
  });

  it("is refused with bad credentials and for another device's topic; nothing stored; the broker keeps serving", async () => {
    const { devices } = await makeDevices(2);
    const [d, other] = devices;
    const good = iotdaCredentials(d.id, d.secret);
    const wrong = await mosquitto("mosquitto_pub", [...common({ ...good, password: "0".repeat(64) }), "-q", "1", "-t", reportTopic(d.id), "-m", "{}"]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toMatch(/bad user name or password/i);
    const stale = await mosquitto("mosquitto_pub", [...common(iotdaCredentials(d.id, d.secret, new Date(Date.now() - 5 * 3_600_000))), "-t", reportTopic(d.id), "-m", "{}"]);
    expect(stale.out).toMatch(/bad user name or password/i);
    const malformed = await mosquitto("mosquitto_pub", [...common({ ...good, clientId: d.id }), "-t", reportTopic(d.id), "-m", "{}"]);
    expect(malformed.out).toMatch(/bad user name or password/i);
    // Publishing elsewhere closes the connection before the PUBACK: mosquitto_pub fails.
    const foreign = await mosquitto("mosquitto_pub", [...common(good), "-q", "1", "-t", reportTopic(other.id), "-m", "{}"]);
    expect(foreign.code).not.toBe(0);
    const denied = await mosquitto("mosquitto_sub", [...common(good), "-t", "#", "-E"]);
    expect(denied.out).toMatch(/denied/i);
    const own = await mosquitto("mosquitto_sub", [...common(good), "-t", `$oc/devices/${d.id}/sys/messages/down`, "-E"]);
    expect(own).toMatchObject({ code: 0 });
    expect(own.out).not.toMatch(/denied/i);
    expect(countOf(d.seq) + countOf(other.seq)).toBe(0);
    const client = await connectDevice(broker.port, d);
    await client.publishAsync(reportTopic(d.id), report(1), { qos: 1 });
    expect(countOf(d.seq)).toBe(1);
    await client.endAsync();
  });
});
