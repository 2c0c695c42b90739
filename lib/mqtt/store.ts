import "server-only";
import { eq, inArray, lt } from "drizzle-orm";
import { getDb } from "@/db";
import { deviceMessages, devices } from "@/db/schema";
import type { MessageKind } from "./topics";

type Pending = { deviceSeq: number; topic: string; kind: MessageKind; payload: string; receivedAt: Date; done: (error?: Error) => void };

let queue: Pending[] = [];
let scheduled = false;

/**
 * Stores a device's message; `done` runs once it is committed (the broker sends PUBACK then).
 * Messages arriving in the same tick share one transaction: one commit per message would cap
 * a QoS 1 stream at SQLite's fsync rate.
 */
export function storeMessage(message: Omit<Pending, "done">, done: (error?: Error) => void): void {
  queue.push({ ...message, done });
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

function flush(): void {
  const batch = queue;
  queue = [];
  scheduled = false;
  const stored = new Set<number>();
  const outcomes: (Error | undefined)[] = [];
  try {
    getDb().transaction((tx) => {
      for (const { deviceSeq, topic, kind, payload, receivedAt } of batch) {
        const row = { deviceSeq, topic, kind, payload, receivedAt };
        // A device deleted while connected has no row to reference: its message is dropped.
        const exists = tx.select({ seq: devices.seq }).from(devices).where(eq(devices.seq, row.deviceSeq)).get();
        if (exists) {
          tx.insert(deviceMessages).values(row).run();
          stored.add(row.deviceSeq);
        }
        outcomes.push(exists ? undefined : new Error("device deleted"));
      }
      if (stored.size > 0) {
        tx.update(devices).set({ lastSeenAt: new Date() }).where(inArray(devices.seq, [...stored])).run();
      }
    });
  } catch (error) {
    console.error("[mqtt] storing messages failed:", error);
    for (const p of batch) p.done(error as Error);
    return;
  }
  batch.forEach((p, i) => p.done(outcomes[i]));
}

/** Marks a device online or offline; both count as being seen. */
export function setDeviceStatus(deviceSeq: number, status: "ONLINE" | "OFFLINE"): void {
  getDb().update(devices).set({ status, lastSeenAt: new Date() }).where(eq(devices.seq, deviceSeq)).run();
}

/** At broker start no device is connected: whatever was online when the server stopped is offline. */
export function markAllOffline(): void {
  getDb().update(devices).set({ status: "OFFLINE" }).where(eq(devices.status, "ONLINE")).run();
}

export function retentionDays(): number {
  const days = Number(process.env.MQTT_RETENTION_DAYS);
  return Number.isFinite(days) && days > 0 ? days : 7;
}

/** Removes messages older than the retention period; returns how many. */
export function pruneMessages(now = Date.now(), days = retentionDays()): number {
  const cutoff = new Date(now - days * 86_400_000);
  return getDb().delete(deviceMessages).where(lt(deviceMessages.receivedAt, cutoff)).run().changes;
}
