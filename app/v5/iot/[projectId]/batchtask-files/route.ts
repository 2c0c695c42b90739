import { uploadBatchFile } from "@/lib/devices/batch/service";
import { MAX_BATCH_BYTES } from "@/lib/devices/batch/file-rules";
import { BadRequest, iotdaError, withIotdaUser } from "@/lib/devices/iotda";

/** IoTDA's UploadBatchTaskFile: multipart `file`, a CSV or XLSX device list. */
export const POST = withIotdaUser(async (request, user) => {
  // Refuse an oversized body before buffering it (the form's own fields take a few hundred bytes).
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BATCH_BYTES + 64 * 1024) return iotdaError(413, "fileTooLarge");
  let file: FormDataEntryValue | null = null;
  try {
    file = (await request.formData()).get("file");
  } catch {
    throw new BadRequest("fileRequired", { file: ["fileRequired"] });
  }
  if (!(file instanceof File)) throw new BadRequest("fileRequired", { file: ["fileRequired"] });
  const uploaded = await uploadBatchFile(user, { name: file.name, data: Buffer.from(await file.arrayBuffer()) });
  return Response.json({ file_id: uploaded.id, file_name: uploaded.name, rows: uploaded.rows }, { status: 201 });
});
