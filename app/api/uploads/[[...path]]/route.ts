import { uploadServer } from "@/lib/images/uploads";

// tus (resumable uploads) for image archives; authentication happens inside the tus hooks.
// Kept out of proxy.ts, which would buffer and truncate the body.
export const dynamic = "force-dynamic";

function handle(request: Request): Promise<Response> {
  return uploadServer().handleWeb(request);
}

export { handle as DELETE, handle as GET, handle as HEAD, handle as OPTIONS, handle as PATCH, handle as POST };
