import { withinRateLimit } from "@/lib/auth/api-limits";
import { tooManyRequests } from "@/lib/auth/api";
import { requestKey } from "@/lib/auth/guards";
import { uploadServer } from "@/lib/images/uploads";

// tus (resumable uploads) for image archives; authentication happens inside the tus hooks.
// Kept out of proxy.ts, which would buffer and truncate the body.
export const dynamic = "force-dynamic";

function handle(request: Request): Promise<Response> {
  return uploadServer().handleWeb(request);
}

/**
 * Creating an upload counts against the API key's rate limit, as an /api/v1 call does; the PATCH,
 * HEAD and DELETE requests of an upload under way do not (a resumed upload makes many).
 */
function create(request: Request): Promise<Response> {
  return withinRateLimit("api-key", requestKey(request.headers), tooManyRequests, () => handle(request));
}

export { handle as DELETE, handle as GET, handle as HEAD, handle as OPTIONS, handle as PATCH, create as POST };
