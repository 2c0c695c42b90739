import { withApiUser } from "@/lib/auth/api";
import { imageToJson } from "@/lib/images/api-view";
import { getImageOrThrow } from "@/lib/images/queries";

type Context = { params: Promise<{ imageId: string }> };

/** One image, for a pipeline polling until its new version is `ready`. */
export const GET = withApiUser<Context>(
  async (_request, user, { params }) => Response.json(imageToJson(getImageOrThrow(user.id, (await params).imageId))),
  { role: "isv" },
);
