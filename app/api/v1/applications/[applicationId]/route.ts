import { parseJsonBody, withApiUser } from "@/lib/auth/api";
import { applicationToJson, getApplicationOrThrow } from "@/lib/applications/queries";
import { updateApplicationSchema } from "@/lib/applications/schema";
import { deleteApplication, updateApplication } from "@/lib/applications/service";
import { listSpecs } from "@/lib/specs/queries";

type Context = { params: Promise<{ applicationId: string }> };

export const GET = withApiUser<Context>(
  async (_request, user, { params }) => {
    const app = getApplicationOrThrow(user.id, (await params).applicationId);
    return Response.json(applicationToJson({ ...app, specCount: listSpecs(app.id).length }));
  },
  { role: "isv" },
);

export const PATCH = withApiUser<Context>(
  async (request, user, { params }) => {
    const { applicationId } = await params;
    getApplicationOrThrow(user.id, applicationId);
    return Response.json(applicationToJson(updateApplication(user, applicationId, await parseJsonBody(request, updateApplicationSchema))));
  },
  { role: "isv" },
);

/** Deletes the application with its specs; 409 once it is published. */
export const DELETE = withApiUser<Context>(
  async (_request, user, { params }) => {
    deleteApplication(user, (await params).applicationId);
    return new Response(null, { status: 204 });
  },
  { role: "isv" },
);
