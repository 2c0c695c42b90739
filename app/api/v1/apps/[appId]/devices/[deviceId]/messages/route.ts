import { parseJsonBody } from "@/lib/auth/api";
import { ValidationError } from "@/lib/errors";
import { DOWNLINK_MAX_BYTES, downlinkSchema, sendDownlink, withAppKey } from "@/lib/marketplace/app-api";
import { boundDeviceOrThrow } from "@/lib/marketplace/app-access";
import { recentMessages } from "@/lib/mqtt/queries";

type Context = { params: Promise<{ appId: string; deviceId: string }> };

/** The bound device's newest stored messages (?limit=, up to 200). */
export const GET = withAppKey<Context>(async (request, app, { params }) => {
  const device = boundDeviceOrThrow(app, (await params).deviceId);
  const limit = Math.max(1, Math.min(200, Number(new URL(request.url).searchParams.get("limit")) || 50));
  return Response.json({
    device_id: device.id,
    messages: recentMessages(device.seq, limit).map((m) => ({ id: m.id, topic: m.topic, kind: m.kind, payload: m.payload, received_at: m.receivedAt.toISOString() })),
  });
});

/** Sends {name?, content} to the bound device's sys/messages/down topic. */
export const POST = withAppKey<Context>(async (request, app, { params }) => {
  // Refused before reading a body that could only be too large.
  if (Number(request.headers.get("content-length")) > DOWNLINK_MAX_BYTES + 64 * 1024) throw new ValidationError("payloadTooLarge", undefined, { max: "1 MB" });
  const input = await parseJsonBody(request, downlinkSchema);
  return Response.json(await sendDownlink(app, (await params).deviceId, input), { status: 202 });
});
