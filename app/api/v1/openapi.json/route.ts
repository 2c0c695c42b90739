import { openApiDocument } from "@/lib/openapi/document";

/** The API's description. Public on purpose: it describes the routes, holds no data. */
export function GET() {
  return Response.json(openApiDocument());
}
