import "server-only";
import type { z } from "zod";
import type { BatchTask, DeviceStatus, Product } from "@/db/schema";
import { taskProgress, type TaskItemRow } from "./batch/queries";
import { errorText, IOTDA_CODES, iotdaTime } from "./iotda";
import type { deviceJsonSchema, productJsonSchema, taskDetailJsonSchema, taskJsonSchema } from "./iotda-schema";

// Our rows in IoTDA's JSON shapes. Secrets appear only where the caller passes one in clear, i.e.
// in the response that created or reset it. The return types are the schemas the OpenAPI document
// shows (./iotda-schema.ts), so the two cannot drift apart.

export function productJson(p: Product): z.input<typeof productJsonSchema> {
  return {
    product_id: p.id,
    name: p.name,
    device_type: p.deviceType,
    protocol_type: p.protocol,
    manufacturer_name: p.manufacturer,
    create_time: iotdaTime(p.createdAt),
  };
}

type DeviceLike = {
  id: string;
  nodeId: string;
  name: string;
  productId: string;
  productName: string;
  authType: "SECRET" | "CERTIFICATES";
  secure: boolean;
  fingerprint?: string | null;
  status: DeviceStatus;
  createdAt: Date;
};

export function deviceJson(d: DeviceLike, secret?: string | null): z.input<typeof deviceJsonSchema> {
  return {
    device_id: d.id,
    node_id: d.nodeId,
    device_name: d.name,
    node_type: "ENDPOINT",
    product_id: d.productId,
    product_name: d.productName,
    status: d.status,
    auth_info: {
      auth_type: d.authType,
      secure_access: d.secure,
      ...(d.fingerprint ? { fingerprint: d.fingerprint } : {}),
      ...(secret ? { secret } : {}),
    },
    create_time: iotdaTime(d.createdAt),
  };
}

export function taskJson(t: BatchTask): z.input<typeof taskJsonSchema> {
  const progress = taskProgress(t);
  return {
    task_id: t.id,
    task_name: t.name,
    task_type: t.type,
    document_source: t.fileId,
    status: t.status,
    status_desc: t.error ? errorText(t.error) : undefined,
    task_progress: {
      total: progress.total,
      processing: t.status === "Processing" ? progress.waitting : 0,
      success: progress.success,
      fail: progress.fail,
      waitting: t.status === "Processing" ? 0 : progress.waitting,
    },
    create_time: iotdaTime(t.createdAt),
  };
}

export function taskDetailJson(item: TaskItemRow): z.input<typeof taskDetailJsonSchema> {
  return {
    target: item.nodeId,
    params: JSON.stringify({ index: item.idx, nodeId: item.nodeId }),
    status: item.status,
    output: item.deviceId ? JSON.stringify({ deviceId: item.deviceId }) : undefined,
    error: item.errorCode ? { error_code: IOTDA_CODES[400], error_msg: errorText(item.errorCode) } : undefined,
  };
}
