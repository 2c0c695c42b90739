import { listTaskItems } from "@/lib/devices/batch/queries";
import { BadRequest, intParam, withIotdaUser } from "@/lib/devices/iotda";
import { taskDetailJson, taskJson } from "@/lib/devices/iotda-format";
import { ITEM_STATUSES, type ItemStatus } from "@/db/enums";

/** IoTDA's ShowBatchTask: the task with its progress and a page of its rows (`task_details`). */
export const GET = withIotdaUser((request, user, { taskId }) => {
  const url = new URL(request.url);
  const status = url.searchParams.get("status") || undefined;
  if (status && !(ITEM_STATUSES as readonly string[]).includes(status)) throw new BadRequest("queryInvalid", { status: ["statusInvalid"] });
  const marker = url.searchParams.get("marker");
  if (marker !== null && !/^\d{1,9}$/.test(marker)) throw new BadRequest("queryInvalid", { marker: ["markerInvalid"] });
  const limit = intParam(url, "limit", 10, 1, 50);
  const { task, rows, total } = listTaskItems(user, taskId!, {
    status: status as ItemStatus | undefined,
    limit,
    offset: intParam(url, "offset", 0, 0, 500),
    afterIdx: marker === null ? undefined : Number(marker),
  });
  const last = rows.at(-1);
  return Response.json({
    batchtask: taskJson(task),
    task_details: rows.map(taskDetailJson),
    page: { count: total, ...(last ? { marker: String(last.idx) } : {}) },
  });
});
