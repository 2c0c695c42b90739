import { handleRegistryRequest } from "@/lib/registry/handler";

// The OCI registry endpoint (pull only). Outside /api and outside proxy.ts's matcher, so blobs
// stream straight from the archive file; every request is authorized in the handler.
export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleRegistryRequest(request);
export const HEAD = GET;
export const POST = GET;
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
