import { withAppKey } from "@/lib/marketplace/app-api";
import { listBoundDevices } from "@/lib/marketplace/app-access";

/** The devices bound to the app (?page=, 50 a page); nothing else of the buyer's. */
export const GET = withAppKey((request, app) => {
  const page = Math.max(1, Math.min(10_000, Number(new URL(request.url).searchParams.get("page")) || 1));
  const { total, rows } = listBoundDevices(app, page);
  return Response.json({
    total,
    page,
    devices: rows.map(({ device, productName, boundAt }) => ({
      device_id: device.id,
      node_id: device.nodeId,
      device_name: device.name,
      product_id: device.productId,
      product_name: productName,
      status: device.status,
      last_seen_at: device.lastSeenAt?.toISOString() ?? null,
      bound_at: boundAt.toISOString(),
    })),
  });
});
