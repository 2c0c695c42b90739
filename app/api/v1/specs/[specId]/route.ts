import { parseJsonBody, withApiUser } from "@/lib/auth/api";
import { getSpecOrThrow, specToJson } from "@/lib/specs/queries";
import { updateSpecSchema } from "@/lib/specs/schema";
import { deleteSpec, updateSpec } from "@/lib/specs/service";

type Context = { params: Promise<{ specId: string }> };

export const GET = withApiUser<Context>(
  async (_request, user, { params }) => Response.json(specToJson(getSpecOrThrow(user.id, (await params).specId).spec)),
  { role: "isv" },
);

/** Changes the fields sent; a `graph` replaces the stored one and re-links its images. */
export const PATCH = withApiUser<Context>(
  async (request, user, { params }) => {
    const { specId } = await params;
    getSpecOrThrow(user.id, specId);
    return Response.json(specToJson(updateSpec(user, specId, await parseJsonBody(request, updateSpecSchema))));
  },
  { role: "isv" },
);

/** 409 while the spec is listed or a deployment of it runs. */
export const DELETE = withApiUser<Context>(
  async (_request, user, { params }) => {
    deleteSpec(user, (await params).specId);
    return new Response(null, { status: 204 });
  },
  { role: "isv" },
);
