import "server-only";
import type { Statement } from "better-sqlite3";
import { eq, lt } from "drizzle-orm";
import { getDb } from "@/db";
import { mqttRetentionDays } from "@/lib/env";
import { log } from "@/lib/log/logger.mjs";
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

type Statements = { db: ReturnType<typeof getDb>; insert: Statement; seen: Statement; status: Statement };
let statements: Statements | null = null;

/**
 * Plain SQL prepared once per database handle: the query builder costs more than SQLite itself at
 * thousands of messages a second. A device deleted while connected has no row to reference, so
 * its message is skipped rather than failing the whole batch on the foreign key.
 */
function prepared(): Statements {
  const db = getDb();
  if (statements?.db !== db) {
    statements = {
      db,
      insert: db.$client.prepare(
        `insert into device_messages (device_seq, topic, kind, payload, received_at)
         select ?, ?, ?, ?, ? where exists (select 1 from devices where seq = ?)`,
      ),
      seen: db.$client.prepare(`update devices set last_seen_at = ? where seq = ?`),
      status: db.$client.prepare(`update devices set status = ?, last_seen_at = ? where seq = ?`),
    };
  }
  return statements;
}

function flush(): void {
  const batch = queue;
  queue = [];
  scheduled = false;
  try {
    const { db, insert, seen } = prepared();
    db.$client.transaction(() => {
      const stored = new Map<number, number>();
      for (const m of batch) {
        const at = m.receivedAt.getTime();
        if (insert.run(m.deviceSeq, m.topic, m.kind, m.payload, at, m.deviceSeq).changes > 0) stored.set(m.deviceSeq, at);
      }
      for (const [seq, at] of stored) seen.run(at, seq);
    })();
  } catch (error) {
    log.error({ err: error, messages: batch.length }, "storing MQTT messages failed");
    for (const p of batch) p.done(error as Error);
    return;
  }
  for (const p of batch) p.done();
}

/** Marks a device online or offline; both count as being seen. */
export function setDeviceStatus(deviceSeq: number, status: "ONLINE" | "OFFLINE"): void {
  prepared().status.run(status, Date.now(), deviceSeq);
}

/** At broker start no device is connected: whatever was online when the server stopped is offline. */
export function markAllOffline(): void {
  getDb().update(devices).set({ status: "OFFLINE" }).where(eq(devices.status, "ONLINE")).run();
}

/** Days messages are kept (MQTT_RETENTION_DAYS, default 7). */
export const retentionDays = mqttRetentionDays;

/** Removes messages older than the retention period; returns how many. */
export function pruneMessages(now = Date.now(), days = retentionDays()): number {
  const cutoff = new Date(now - days * 86_400_000);
  return getDb().delete(deviceMessages).where(lt(deviceMessages.receivedAt, cutoff)).run().changes;
}
