import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { deviceMessages, type DeviceMessage } from "@/db/schema";

export type LatestProperty = { serviceId: string; name: string; value: unknown; reportedAt: Date };

/** How many recent property reports are merged into "latest properties". */
const MERGED_REPORTS = 100;

/**
 * The newest value of each property, from the device's recent property reports (IoTDA's
 * `{ services: [{ service_id, properties: {...} }] }`): a report may carry only some properties.
 */
export function latestProperties(deviceSeq: number): LatestProperty[] {
  const reports = getDb()
    .select({ payload: deviceMessages.payload, receivedAt: deviceMessages.receivedAt })
    .from(deviceMessages)
    .where(and(eq(deviceMessages.deviceSeq, deviceSeq), eq(deviceMessages.kind, "properties")))
    .orderBy(desc(deviceMessages.id))
    .limit(MERGED_REPORTS)
    .all();
  const latest = new Map<string, LatestProperty>();
  for (const report of reports) {
    for (const service of servicesOf(report.payload)) {
      for (const [name, value] of Object.entries(service.properties)) {
        const key = `${service.serviceId}\u0000${name}`;
        if (!latest.has(key)) latest.set(key, { serviceId: service.serviceId, name, value, reportedAt: report.receivedAt });
      }
    }
  }
  return [...latest.values()].sort((a, b) => a.serviceId.localeCompare(b.serviceId) || a.name.localeCompare(b.name));
}

/** A report's services; anything that is not IoTDA's shape (devices send what they like) is skipped. */
function servicesOf(payload: string): { serviceId: string; properties: Record<string, unknown> }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return [];
  }
  const services = (parsed as { services?: unknown })?.services;
  if (!Array.isArray(services)) return [];
  return services.flatMap((s: { service_id?: unknown; properties?: unknown }) =>
    typeof s?.service_id === "string" && s.properties && typeof s.properties === "object" && !Array.isArray(s.properties)
      ? [{ serviceId: s.service_id, properties: s.properties as Record<string, unknown> }]
      : [],
  );
}

/** The device's newest messages of any kind. */
export function recentMessages(deviceSeq: number, limit = 50): DeviceMessage[] {
  return getDb().select().from(deviceMessages).where(eq(deviceMessages.deviceSeq, deviceSeq)).orderBy(desc(deviceMessages.id)).limit(limit).all();
}
