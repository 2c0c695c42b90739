import { createBatchTask } from "@/lib/devices/batch/service";
import { BadRequest, jsonBody, withIotdaUser } from "@/lib/devices/iotda";
import { taskJson } from "@/lib/devices/iotda-format";
import { wakeWorker } from "@/lib/jobs/worker";

/** IoTDA's CreateBatchTask; only `createDevices` from an uploaded file (`document_source`). */
export const POST = withIotdaUser(
  async (request, user) => {
    const body = await jsonBody(request);
    if (body.task_type !== "createDevices") throw new BadRequest("taskTypeInvalid", { task_type: ["taskTypeInvalid"] });
    if (typeof body.document_source !== "string" || !body.document_source) {
      throw new BadRequest("batchFileNotFound", { file: ["batchFileNotFound"] });
    }
    const task = createBatchTask(user, { fileId: body.document_source, name: typeof body.task_name === "string" ? body.task_name : undefined });
    wakeWorker();
    return Response.json(taskJson(task), { status: 201 });
  },
  { file: "document_source" },
);
