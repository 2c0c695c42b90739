import { withApiUser } from "@/lib/auth/api";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { ValidationError } from "@/lib/errors";
import { specToJson } from "@/lib/specs/queries";
import { importSpecOptionsSchema, MAX_ZIP_BYTES } from "@/lib/specs/schema";
import { importSpec } from "@/lib/specs/transfer";
import { checkZipSize } from "@/lib/specs/zip";

type Context = { params: Promise<{ applicationId: string }> };

/** Room for the multipart boundaries, headers and the optional name around the file. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * The multipart body, read only up to `limit` bytes: a declared length over it is refused before
 * reading, and a body without one (chunked) is cut off once it passes the limit.
 */
async function readMultipart(request: Request, limit: number): Promise<FormData> {
  if (Number(request.headers.get("content-length")) > limit) throw new ValidationError("zipTooLarge");
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
    total += next.value.byteLength;
    if (total > limit) {
      await reader!.cancel();
      throw new ValidationError("zipTooLarge");
    }
    chunks.push(next.value);
  }
  const body = new Response(Buffer.concat(chunks), { headers: { "content-type": request.headers.get("content-type") ?? "" } });
  return body.formData().catch(() => {
    throw new ValidationError("zipMissing", { file: ["zipMissing"] });
  });
}

/** Multipart `file` (the exported .zip) and optional `name`; a new draft spec. */
export const POST = withApiUser<Context>(
  async (request, user, { params }) => {
    const { applicationId } = await params;
    getApplicationOrThrow(user.id, applicationId);
    const form = await readMultipart(request, MAX_ZIP_BYTES + ENVELOPE_BYTES);
    const file = form.get("file");
    if (!(file instanceof Blob)) throw new ValidationError("zipMissing", { file: ["zipMissing"] });
    checkZipSize(file.size);
    const options = importSpecOptionsSchema.safeParse({ name: form.get("name") });
    if (!options.success) throw new ValidationError("invalidInput", { name: options.error.issues.map((i) => i.message) });
    const spec = await importSpec(user, applicationId, new Uint8Array(await file.arrayBuffer()), options.data);
    return Response.json(specToJson(spec), { status: 201 });
  },
  { role: "isv" },
);
