import { fromMarker, intParam, iotdaBody, toMarker, withIotdaUser } from "@/lib/devices/iotda";
import { deviceJson } from "@/lib/devices/iotda-format";
import { addDeviceBody } from "@/lib/devices/iotda-schema";
import { listDevicesForApi } from "@/lib/devices/queries";
import { registerDevice } from "@/lib/devices/service";

/** IoTDA's ListDevices: newest first, paged by `marker` (keyset) and/or `offset`. */
export const GET = withIotdaUser((request, user) => {
  const url = new URL(request.url);
  const limit = intParam(url, "limit", 10, 1, 50);
  const offset = intParam(url, "offset", 0, 0, 500);
  const text = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  const { rows, total } = listDevicesForApi(user, {
    productId: text("product_id"),
    nodeId: text("node_id"),
    name: text("device_name"),
    limit,
    offset,
    beforeSeq: fromMarker(url.searchParams.get("marker")),
  });
  const last = rows.at(-1);
  return Response.json({
    devices: rows.map((row) => deviceJson(row)),
    page: { count: total, ...(last ? { marker: toMarker(last.seq) } : {}) },
  });
});

/** IoTDA's AddDevice; the response is the only one that ever carries the secret. */
export const POST = withIotdaUser(async (request, user) => {
  const body = await iotdaBody(request, addDeviceBody);
  const { device, secret } = registerDevice(user, {
    productId: body.product_id,
    nodeId: body.node_id,
    name: body.device_name,
    authType: body.auth_info?.auth_type,
    secret: body.auth_info?.secret,
    fingerprint: body.auth_info?.fingerprint,
  });
  return Response.json(deviceJson(device, secret), { status: 201, headers: { "Cache-Control": "no-store" } });
});
