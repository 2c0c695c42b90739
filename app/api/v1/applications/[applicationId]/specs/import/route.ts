import { withApiUser } from "@/lib/auth/api";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { ValidationError } from "@/lib/errors";
import { specToJson } from "@/lib/specs/queries";
import { importSpecOptionsSchema } from "@/lib/specs/schema";
import { importSpec } from "@/lib/specs/transfer";
import { checkZipSize, MAX_ZIP_BYTES } from "@/lib/specs/zip";

type Context = { params: Promise<{ applicationId: string }> };

/** Multipart `file` (the exported .zip) and optional `name`; a new draft spec. */
export const POST = withApiUser<Context>(
  async (request, user, { params }) => {
    const { applicationId } = await params;
    getApplicationOrThrow(user.id, applicationId);
    // Refused by its declared length before the body is read; the multipart envelope adds a little.
    const length = Number(request.headers.get("content-length"));
    if (length > MAX_ZIP_BYTES + 64 * 1024) throw new ValidationError("zipTooLarge");
    const form = await request.formData().catch(() => {
      throw new ValidationError("zipMissing");
    });
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
