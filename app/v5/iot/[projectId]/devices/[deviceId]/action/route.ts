import { BadRequest, iotdaBody, withIotdaUser } from "@/lib/devices/iotda";
import { resetSecretBody } from "@/lib/devices/iotda-schema";
import { resetDeviceSecret } from "@/lib/devices/service";

/** IoTDA's ResetDeviceSecret (`action_id=resetSecret`): a given or generated secret, shown once. */
export const POST = withIotdaUser(async (request, user, { deviceId }) => {
  if (new URL(request.url).searchParams.get("action_id") !== "resetSecret") throw new BadRequest("actionInvalid");
  const hasBody = request.headers.get("content-length") !== "0" && request.body !== null;
  const body = hasBody ? await iotdaBody(request, resetSecretBody) : {};
  const result = resetDeviceSecret(user, deviceId!, { secret: body.secret });
  return Response.json({ device_id: result.deviceId, secret: result.secret }, { headers: { "Cache-Control": "no-store" } });
});
