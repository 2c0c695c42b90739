import { z } from "zod";
import { AUTH_TYPES, DEVICE_STATUSES, ITEM_STATUSES, PROTOCOLS, TASK_STATUSES } from "@/db/enums";
import { createProductSchema, deviceFields, resetSecretSchema } from "./schema";

// The IoTDA-compatible bodies of /v5/iot/{project_id}: what the routes read and what they answer,
// as zod schemas. Request bodies are the registry's own schemas under IoTDA's field names; the
// OpenAPI document is generated from these, so it says what the routes do.

/** CreateProduct. */
export const createProductBody = z.object({
  name: createProductSchema.shape.name,
  device_type: createProductSchema.shape.deviceType,
  protocol_type: createProductSchema.shape.protocol,
  manufacturer_name: createProductSchema.shape.manufacturer,
});

/** AddDevice: a CERTIFICATES device also needs auth_info.fingerprint (40 or 64 hex digits). */
export const addDeviceBody = z.object({
  node_id: deviceFields.shape.nodeId,
  device_name: deviceFields.shape.name,
  product_id: deviceFields.shape.productId,
  auth_info: z
    .object({
      auth_type: deviceFields.shape.authType,
      secret: deviceFields.shape.secret.describe("Hexadecimal for CoAP products; generated when left out (CoAP: none, non-secure)"),
      fingerprint: deviceFields.shape.fingerprint.describe("40 or 64 hex digits; colons are removed"),
    })
    .optional(),
});

/** ResetDeviceSecret: a given secret, or one generated when left out. */
export const resetSecretBody = resetSecretSchema;

/** CreateBatchTask: only createDevices, from an uploaded file. */
export const createBatchTaskBody = z.object({
  task_name: z.string().optional(),
  task_type: z.literal("createDevices", { error: "taskTypeInvalid" }),
  document_source: z.string({ error: "batchFileNotFound" }).min(1, "batchFileNotFound").describe("The file_id of an uploaded batch file"),
});

const time = z.string().regex(/^\d{8}T\d{6}Z$/).describe("yyyyMMdd'T'HHmmss'Z' (UTC)");

export const iotdaErrorJson = z.object({ error_code: z.string(), error_msg: z.string() });

export const productJsonSchema = z.object({
  product_id: z.string(),
  name: z.string(),
  device_type: z.string(),
  protocol_type: z.enum(PROTOCOLS),
  manufacturer_name: z.string(),
  create_time: time,
});

export const deviceJsonSchema = z.object({
  device_id: z.string().describe("{product_id}_{node_id}"),
  node_id: z.string(),
  device_name: z.string(),
  node_type: z.literal("ENDPOINT"),
  product_id: z.string(),
  product_name: z.string(),
  status: z.enum(DEVICE_STATUSES),
  auth_info: z.object({
    auth_type: z.enum(AUTH_TYPES),
    secure_access: z.boolean(),
    fingerprint: z.string().optional(),
    secret: z.string().optional().describe("Only in the response of the call that set it"),
  }),
  create_time: time,
});

export const taskJsonSchema = z.object({
  task_id: z.string(),
  task_name: z.string(),
  task_type: z.literal("createDevices"),
  document_source: z.string().describe("The file_id"),
  status: z.enum(TASK_STATUSES),
  status_desc: z.string().optional(),
  task_progress: z.object({ total: z.int(), processing: z.int(), success: z.int(), fail: z.int(), waitting: z.int() }),
  create_time: time,
});

export const taskDetailJsonSchema = z.object({
  target: z.string().describe("The row's node_id"),
  params: z.string().describe('JSON, e.g. {"index":0,"nodeId":"a1"}'),
  status: z.enum(ITEM_STATUSES),
  output: z.string().optional().describe('JSON, e.g. {"deviceId":"..."}'),
  error: iotdaErrorJson.optional(),
});

export const pageJsonSchema = z.object({ count: z.int(), marker: z.string().optional().describe("Pass as ?marker= for the next page") });
