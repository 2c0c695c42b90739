import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { MyApp } from "@/db/schema";
import { answerErrors, apiError, tooManyRequests } from "@/lib/auth/api";
import { withinRateLimit } from "@/lib/auth/api-limits";
import { requestKey } from "@/lib/auth/guards";
import { InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { runningBroker } from "@/lib/mqtt/server";
import { appForKey } from "./app-keys";
import { boundDeviceOrThrow } from "./app-access";

type AppContext = { params: Promise<{ appId: string }> };

/**
 * Wraps an app's route handler (/api/v1/apps/{appId}/…): 401 without a valid app key; a key of
 * another app gets "not found", like an app that does not exist.
 */
export function withAppKey<C extends AppContext>(handler: (request: Request, app: MyApp, context: C) => Promise<Response> | Response) {
  const answer = async (request: Request, context: C): Promise<Response> => {
    const app = appForKey(requestKey(request.headers));
    if (!app) return apiError(401, "STAGECRAFT.0401", "Authentication required: send the app's key in X-Auth-Token.");
    return answerErrors(async () => {
      if ((await context.params).appId !== app.id) throw new NotFoundError("myAppNotFound");
      return handler(request, app, context);
    });
  };
  return (request: Request, context: C) => withinRateLimit("app-key", requestKey(request.headers), tooManyRequests, () => answer(request, context));
}

/** The largest downlink message, as for what devices send up. */
export const DOWNLINK_MAX_BYTES = 1024 * 1024;

export const downlinkSchema = z.object({
  name: z.string().trim().max(128, "messageNameTooLong").optional(),
  content: z.unknown().refine((v) => v !== undefined, "contentRequired"),
});

/**
 * Sends a message to a bound device on its `sys/messages/down` topic, in IoTDA's shape
 * ({object_device_id, name, id, content}); the device gets it if it is subscribed now.
 */
export async function sendDownlink(app: MyApp, deviceId: string, input: z.infer<typeof downlinkSchema>) {
  const device = boundDeviceOrThrow(app, deviceId);
  const message = { object_device_id: device.id, name: input.name ?? null, id: randomUUID(), content: input.content };
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) > DOWNLINK_MAX_BYTES) throw new ValidationError("payloadTooLarge", undefined, { max: "1 MB" });
  const broker = await runningBroker();
  if (!broker) throw new InvalidStateError("mqttUnavailable");
  const topic = `$oc/devices/${device.id}/sys/messages/down`;
  await broker.publish(topic, payload);
  return { message_id: message.id, topic };
}
