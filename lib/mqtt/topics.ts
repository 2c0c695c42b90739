/** IoTDA's topic layout: every device lives under `$oc/devices/{device_id}/`. */
export const topicPrefix = (deviceId: string) => `$oc/devices/${deviceId}/`;

export type MessageKind = "properties" | "messages" | "events" | "user";

const UPLINK: Record<string, MessageKind> = {
  "sys/properties/report": "properties",
  "sys/messages/up": "messages",
  "sys/events/up": "events",
};

/** What a device's publish to `topic` is stored as, or null when the topic is not its own uplink. */
export function publishKind(deviceId: string, topic: string): MessageKind | null {
  const prefix = topicPrefix(deviceId);
  if (!topic.startsWith(prefix)) return null;
  const rest = topic.slice(prefix.length);
  if (UPLINK[rest]) return UPLINK[rest];
  if (/^user\/[^#+]+$/.test(rest)) return "user";
  return null;
}

// Downlink filters, wildcards allowed only below these roots.
const EXACT = new Set(["sys/messages/down"]);
const ROOTS = ["sys/commands/", "sys/properties/set/", "sys/properties/get/", "user/"];

/** True when a device may subscribe to this filter: only its own downlink topics. */
export function maySubscribe(deviceId: string, filter: string): boolean {
  const prefix = topicPrefix(deviceId);
  if (!filter.startsWith(prefix)) return false;
  const rest = filter.slice(prefix.length);
  if (EXACT.has(rest)) return true;
  const root = ROOTS.find((r) => rest.startsWith(r) && rest.length > r.length);
  if (!root) return false;
  // "#" only as the whole last level; "+" only as a whole level.
  return rest
    .slice(root.length)
    .split("/")
    .every((level, i, all) => (level === "#" ? i === all.length - 1 : level === "+" || !/[#+]/.test(level)));
}
