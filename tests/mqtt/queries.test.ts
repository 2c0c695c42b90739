import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { deviceMessages } from "@/db/schema";
import { latestProperties, recentMessages } from "@/lib/mqtt/queries";
import { makeDevices } from "../support/mqtt";

describe("latest properties and recent messages", () => {
  it("merges the newest value of each property over reports, skipping payloads not in IoTDA's shape", async () => {
    const { devices } = await makeDevices(2);
    const [d, other] = devices;
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const row = (seq: number, kind: "properties" | "events", payload: unknown, s: number) => ({
      deviceSeq: seq,
      topic: "t",
      kind,
      payload: typeof payload === "string" ? payload : JSON.stringify(payload),
      receivedAt: at(s),
    });
    getDb()
      .insert(deviceMessages)
      .values([
        row(d.seq, "properties", { services: [{ service_id: "meter", properties: { temperature: 20, humidity: 40 } }] }, 1),
        row(d.seq, "properties", { services: [{ service_id: "meter", properties: { temperature: 21 } }, { service_id: 3 }] }, 2),
        row(d.seq, "properties", "not json", 3),
        row(d.seq, "events", { services: [{ service_id: "meter", properties: { temperature: 99 } }] }, 4),
        row(other.seq, "properties", { services: [{ service_id: "meter", properties: { temperature: 50 } }] }, 5),
      ])
      .run();
    expect(latestProperties(d.seq)).toEqual([
      { serviceId: "meter", name: "humidity", value: 40, reportedAt: at(1) },
      { serviceId: "meter", name: "temperature", value: 21, reportedAt: at(2) },
    ]);
    expect(recentMessages(d.seq, 2).map((m) => m.receivedAt)).toEqual([at(4), at(3)]);
  });
});
