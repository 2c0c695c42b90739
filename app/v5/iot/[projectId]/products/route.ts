import { listProducts } from "@/lib/devices/queries";
import { createProduct } from "@/lib/devices/service";
import { intParam, iotdaBody, withIotdaUser } from "@/lib/devices/iotda";
import { productJson } from "@/lib/devices/iotda-format";
import { createProductBody } from "@/lib/devices/iotda-schema";

/** IoTDA's ListProducts: a buyer has few products, so plain offset paging. */
export const GET = withIotdaUser((request, user) => {
  const url = new URL(request.url);
  const limit = intParam(url, "limit", 10, 1, 50);
  const offset = intParam(url, "offset", 0, 0, 500);
  const all = listProducts(user);
  return Response.json({ products: all.slice(offset, offset + limit).map(productJson), page: { count: all.length } });
});

/** IoTDA's CreateProduct. A product's `name` is its own (not a device's device_name) in errors. */
export const POST = withIotdaUser(
  async (request, user) => {
    const body = await iotdaBody(request, createProductBody);
    const product = createProduct(user, { name: body.name, protocol: body.protocol_type, deviceType: body.device_type, manufacturer: body.manufacturer_name });
    return Response.json(productJson(product), { status: 201 });
  },
  { name: "name" },
);
