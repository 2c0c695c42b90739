import { withIotdaUser } from "@/lib/devices/iotda";
import { deviceJson } from "@/lib/devices/iotda-format";
import { getDeviceOrThrow } from "@/lib/devices/queries";
import { deleteDevices } from "@/lib/devices/service";

/** IoTDA's ShowDevice; never the secret. */
export const GET = withIotdaUser((_request, user, { deviceId }) => Response.json(deviceJson(getDeviceOrThrow(user, deviceId!))));

/** IoTDA's DeleteDevice. */
export const DELETE = withIotdaUser((_request, user, { deviceId }) => {
  deleteDevices(user, [deviceId!]);
  return new Response(null, { status: 204 });
});
