import { listProducts } from "@/lib/devices/queries";
import { createProduct } from "@/lib/devices/service";
import { intParam, jsonBody, withIotdaUser } from "@/lib/devices/iotda";
import { productJson } from "@/lib/devices/iotda-format";

/** IoTDA's ListProducts: a buyer has few products, so plain offset paging. */
export const GET = withIotdaUser((request, user) => {
  const url = new URL(request.url);
  const limit = intParam(url, "limit", 10, 1, 50);
  const offset = intParam(url, "offset", 0, 0, 500);
  const all = listProducts(user);
  return Response.json({ products: all.slice(offset, offset + limit).map(productJson), page: { count: all.length } });
});

/** IoTDA's CreateProduct. */
export const POST = withIotdaUser(async (request, user) => {
  const body = await jsonBody(request);
  const product = createProduct(user, {
    name: body.name as string,
    protocol: body.protocol_type as "MQTT",
    deviceType: body.device_type as string,
    manufacturer: body.manufacturer_name as string,
  });
  return Response.json(productJson(product), { status: 201 });
});
