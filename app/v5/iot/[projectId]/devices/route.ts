import { fromMarker, intParam, jsonBody, toMarker, withIotdaUser } from "@/lib/devices/iotda";
import { deviceJson } from "@/lib/devices/iotda-format";
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
  const body = await jsonBody(request);
  const auth = (typeof body.auth_info === "object" && body.auth_info ? body.auth_info : {}) as Record<string, unknown>;
  const { device, secret } = registerDevice(user, {
    productId: body.product_id as string,
    nodeId: body.node_id as string,
    name: body.device_name as string | undefined,
    authType: auth.auth_type as string | undefined,
    secret: auth.secret as string | undefined,
    fingerprint: auth.fingerprint as string | undefined,
  });
  return Response.json(deviceJson(device, secret), { status: 201, headers: { "Cache-Control": "no-store" } });
});
