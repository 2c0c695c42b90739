import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { devices } from "./devices";

/** What devices published over MQTT, kept for the retention period (MQTT_RETENTION_DAYS). */
export const deviceMessages = sqliteTable(
  "device_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // The device's seq, not its text id: deleting a device removes its messages with it.
    deviceSeq: integer("device_seq")
      .notNull()
      .references(() => devices.seq, { onDelete: "cascade" }),
    topic: text("topic").notNull(),
    /** Property reports, as IoTDA's `{ services: [...] }`, are read back for "latest properties". */
    kind: text("kind", { enum: ["properties", "messages", "events", "user"] }).notNull(),
    payload: text("payload").notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("device_messages_device").on(t.deviceSeq, t.kind, t.id),
    index("device_messages_received").on(t.receivedAt),
  ],
);

export type DeviceMessage = typeof deviceMessages.$inferSelect;
