import { createBatchTask } from "@/lib/devices/batch/service";
import { iotdaBody, withIotdaUser } from "@/lib/devices/iotda";
import { taskJson } from "@/lib/devices/iotda-format";
import { createBatchTaskBody } from "@/lib/devices/iotda-schema";
import { wakeWorker } from "@/lib/jobs/worker";

/** IoTDA's CreateBatchTask; only `createDevices` from an uploaded file (`document_source`). */
export const POST = withIotdaUser(
  async (request, user) => {
    const body = await iotdaBody(request, createBatchTaskBody);
    const task = createBatchTask(user, { fileId: body.document_source, name: body.task_name });
    wakeWorker();
    return Response.json(taskJson(task), { status: 201 });
  },
  { file: "document_source" },
);
