import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { deviceMessages } from "@/db/schema";
import { pruneMessages, retentionDays } from "@/lib/mqtt/store";
import { makeDevices } from "../support/mqtt";

const DAY = 86_400_000;
afterEach(() => {
  delete process.env.MQTT_RETENTION_DAYS;
});

describe("message retention", () => {
  it("keeps 7 days by default, MQTT_RETENTION_DAYS when set, and prunes what is older", async () => {
    expect(retentionDays()).toBe(7);
    process.env.MQTT_RETENTION_DAYS = "2";
    expect(retentionDays()).toBe(2);
    process.env.MQTT_RETENTION_DAYS = "nonsense";
    expect(retentionDays()).toBe(7);
    const { devices } = await makeDevices(1);
    const now = Date.now();
    const row = (ageDays: number) => ({ deviceSeq: devices[0].seq, topic: "t", kind: "properties" as const, payload: String(ageDays), receivedAt: new Date(now - ageDays * DAY) });
    getDb().insert(deviceMessages).values([row(8), row(6.9), row(1)]).run();
    expect(pruneMessages(now)).toBe(1);
    expect(pruneMessages(now, 3)).toBe(1);
    expect(getDb().select({ payload: deviceMessages.payload }).from(deviceMessages).all().map((r) => r.payload)).toEqual(["1"]);
  });
});
