import { withApiUser } from "@/lib/auth/api";
import { imageToJson } from "@/lib/images/api-view";
import { listImages } from "@/lib/images/queries";
import { imageListQuerySchema } from "@/lib/images/schema";

/** The caller's images with their versions; ?q=, ?status=, ?page= as on the images page. */
export const GET = withApiUser(
  (request, user) => {
    const query = imageListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const page = listImages(user.id, query);
    return Response.json({ total: page.total, page: query.page, pageCount: page.pageCount, images: page.images.map(imageToJson) });
  },
  { role: "isv" },
);
