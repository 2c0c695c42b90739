import "server-only";
import type { Statement } from "better-sqlite3";
import { eq, lt } from "drizzle-orm";
import { getDb } from "@/db";
import { mqttRetentionDays } from "@/lib/env";
import { log } from "@/lib/log/logger.mjs";
import { deviceMessages, devices } from "@/db/schema";
import type { MessageKind } from "./topics";

type Pending = { deviceSeq: number; topic: string; kind: MessageKind; payload: string; receivedAt: Date; done: (error?: Error) => void };

/** How long an online status change may wait to be committed with others (or with messages). */
const STATUS_DELAY_MS = 100;

let queue: Pending[] = [];
let scheduled = false;
// Online status changes not yet committed, by device; the last one of a device wins.
let statuses = new Map<number, { status: "ONLINE" | "OFFLINE"; at: number }>();
let statusTimer: NodeJS.Timeout | null = null;

function schedule(): void {
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

/**
 * Stores a device's message; `done` runs once it is committed (the broker sends PUBACK then).
 * Messages arriving in the same tick share one transaction: one commit per message would cap
 * a QoS 1 stream at SQLite's fsync rate.
 */
export function storeMessage(message: Omit<Pending, "done">, done: (error?: Error) => void): void {
  queue.push({ ...message, done });
  schedule();
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
  const changes = statuses;
  queue = [];
  statuses = new Map();
  scheduled = false;
  if (statusTimer) clearTimeout(statusTimer);
  statusTimer = null;
  if (batch.length === 0 && changes.size === 0) return;
  try {
    const { db, insert, seen, status } = prepared();
    db.$client.transaction(() => {
      const stored = new Map<number, number>();
      for (const m of batch) {
        const at = m.receivedAt.getTime();
        if (insert.run(m.deviceSeq, m.topic, m.kind, m.payload, at, m.deviceSeq).changes > 0) stored.set(m.deviceSeq, at);
      }
      for (const [seq, at] of stored) seen.run(at, seq);
      for (const [seq, change] of changes) status.run(change.status, change.at, seq);
    })();
  } catch (error) {
    log.error({ err: error, messages: batch.length, statuses: changes.size }, "storing MQTT messages failed");
    for (const p of batch) p.done(error as Error);
    return;
  }
  for (const p of batch) p.done();
}

/**
 * Marks a device online or offline (both count as being seen) within STATUS_DELAY_MS, committed
 * with whatever else is pending then: devices connecting one per tick, as a reconnect storm
 * brings them, would otherwise cost one transaction each.
 */
export function setDeviceStatus(deviceSeq: number, status: "ONLINE" | "OFFLINE"): void {
  statuses.set(deviceSeq, { status, at: Date.now() });
  statusTimer ??= setTimeout(flush, STATUS_DELAY_MS).unref();
}

/** Commits what is pending now (the broker's close: its devices are offline when it resolves). */
export function flushPending(): void {
  flush();
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
