import { parseJsonBody, withApiUser } from "@/lib/auth/api";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { listSpecs, specToJson } from "@/lib/specs/queries";
import { createSpecSchema } from "@/lib/specs/schema";
import { createSpec } from "@/lib/specs/service";

type Context = { params: Promise<{ applicationId: string }> };

export const GET = withApiUser<Context>(
  async (_request, user, { params }) => {
    const app = getApplicationOrThrow(user.id, (await params).applicationId);
    return Response.json({ specs: listSpecs(app.id).map(specToJson) });
  },
  { role: "isv" },
);

/** Adds a draft spec; the body may carry a graph (specs as code). */
export const POST = withApiUser<Context>(
  async (request, user, { params }) => {
    const { applicationId } = await params;
    getApplicationOrThrow(user.id, applicationId);
    const spec = createSpec(user, applicationId, await parseJsonBody(request, createSpecSchema));
    return Response.json(specToJson(spec), { status: 201 });
  },
  { role: "isv" },
);
