import fs from "node:fs";
import { authenticateRequest } from "@/lib/auth/guards";
import { getReadableMedia, mediaPath } from "@/lib/reviews/media";

export const dynamic = "force-dynamic";

/**
 * Listing images. The type comes from the bytes checked at upload, never from a name, and nosniff
 * stops browsers second-guessing it. Unlisted material is for its owner and operators only; any
 * other caller gets the same 404 as for a missing id.
 */
export async function GET(request: Request, { params }: { params: Promise<{ mediaId: string }> }) {
  const { mediaId } = await params;
  const user = await authenticateRequest(request);
  const row = getReadableMedia(user, mediaId);
  if (!row) return new Response("Not found", { status: 404, headers: { "X-Content-Type-Options": "nosniff" } });
  const bytes = fs.readFileSync(mediaPath(row.id));
  return new Response(bytes, {
    headers: {
      "Content-Type": row.contentType,
      "Content-Length": String(bytes.length),
      "X-Content-Type-Options": "nosniff",
      // The file under an id never changes; unlisted material must not sit in shared caches.
      "Cache-Control": "private, max-age=31536000, immutable",
    },
  });
}
