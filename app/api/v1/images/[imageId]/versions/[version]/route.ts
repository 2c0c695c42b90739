import { withApiUser } from "@/lib/auth/api";
import { deleteVersion } from "@/lib/images/service";

type Context = { params: Promise<{ imageId: string; version: string }> };

/** Deletes a version and its file; 409 while a spec uses it. */
export const DELETE = withApiUser<Context>(
  async (_request, user, { params }) => {
    const { imageId, version } = await params;
    deleteVersion(user, imageId, version);
    return new Response(null, { status: 204 });
  },
  { role: "isv" },
);
