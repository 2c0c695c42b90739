import { apiErrorJsonSchema } from "@/lib/auth/api";
import { IOTDA_CODES } from "@/lib/devices/iotda";
import {
  addDeviceBody,
  createBatchTaskBody,
  createProductBody,
  deviceJsonSchema,
  iotdaErrorJson,
  pageJsonSchema,
  productJsonSchema,
  resetSecretBody,
  taskDetailJsonSchema,
  taskJsonSchema,
} from "@/lib/devices/iotda-schema";
import { consolePaths } from "./console-paths";
import { jsonBody, requestSchema, responseSchema } from "./json-schema";

// The OpenAPI 3.1 description of the REST API: /api/v1 and the IoTDA-compatible /v5 device paths.
// tests/openapi checks that every route handler in app/ is described here, method by method, and
// that each documented request body accepts and refuses what its route does.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { "application/json": { schema } } });
const error = (description: string) => ({ description, ...json(ref("Error")) });
const errors = {
  "400": error("Invalid input (IOTDA.000006); error_msg names the fields"),
  "401": error("No valid, unrevoked API key in X-Auth-Token (IOTDA.000002)"),
  "403": error("project_id is not the caller's account id, or the account is not a buyer (IOTDA.000004)"),
  "404": error("Not found, or another account's (the same answer) (IOTDA.014000)"),
};
const project = { name: "project_id", in: "path", required: true, description: "The caller's account id (shown on the API keys page)", schema: { type: "string" } };
const pathParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
const query = (name: string, schema: object, description?: string) => ({ name, in: "query", required: false, schema, ...(description ? { description } : {}) });
const limit = query("limit", { type: "integer", minimum: 1, maximum: 50, default: 10 });
const offset = query("offset", { type: "integer", minimum: 0, maximum: 500, default: 0 });
const op = (tag: string, summary: string, rest: object) => ({ tags: [tag], summary, security: [{ apiKey: [] }], ...rest });

const quotaHeader = (description: string) => ({ description, schema: { type: "integer" } });
/** Every answer to a request with a key says where the key stands against API_RATE_LIMIT (a minute). */
const QUOTA_HEADERS = {
  "X-RateLimit-Limit": quotaHeader("Requests a minute this key may make (API_RATE_LIMIT)"),
  "X-RateLimit-Remaining": quotaHeader("Requests left in this minute"),
  "X-RateLimit-Reset": quotaHeader("Seconds until the minute ends"),
};

/**
 * Every operation a key calls may answer 429 past the key's budget: added here, to all of them at
 * once, in the error shape of the operation's surface (IoTDA's under /v5, the API's under /api/v1).
 */
function withRateLimits<T extends Record<string, Record<string, { security?: unknown[]; responses?: Record<string, unknown> }>>>(paths: T): T {
  for (const [p, operations] of Object.entries(paths)) {
    for (const operation of Object.values(operations)) {
      if (!operation.security?.length) continue;
      operation.responses = {
        ...operation.responses,
        "429": {
          description: "Past the key's API_RATE_LIMIT requests a minute (STAGECRAFT.0429, or APIGW.0308 under /v5); Retry-After says when to try again",
          headers: { ...QUOTA_HEADERS, "Retry-After": quotaHeader("Seconds until the key may call again") },
          ...json(ref(p.startsWith("/v5") ? "Error" : "ApiError")),
        },
      };
    }
  }
  return paths;
}

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Stagecraft REST API",
      version: "1",
      description:
        "Application servers call /api/v1 and the IoTDA v5-compatible device registry under /v5/iot/{project_id}. " +
        "Errors are {error_code, error_msg}; codes: " + Object.entries(IOTDA_CODES).map(([status, code]) => `${status} ${code}`).join(", ") + ".",
    },
    components: {
      securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "X-Auth-Token" } },
      // The /v5 shapes are the schemas the formatters are typed with (lib/devices/iotda-schema.ts).
      schemas: {
        Error: responseSchema(iotdaErrorJson),
        ApiError: responseSchema(apiErrorJsonSchema),
        Product: responseSchema(productJsonSchema),
        Device: responseSchema(deviceJsonSchema),
        BatchTask: responseSchema(taskJsonSchema),
        TaskDetail: responseSchema(taskDetailJsonSchema),
        Page: responseSchema(pageJsonSchema),
      },
    },
    paths: withRateLimits({
      "/api/media/{mediaId}": {
        get: {
          tags: ["market"],
          summary: "A listing image (PNG or JPEG, typed by its checked bytes, nosniff); unlisted material only for its owner and operators",
          parameters: [{ name: "mediaId", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "The image" }, "404": { description: "Missing, or not visible to the caller" } },
        },
      },
      "/api/health": { get: { tags: ["system"], summary: "Health for container checks", responses: { "200": { description: "{status, db}" } } } },
      "/api/v1/me": {
        get: op("account", "The caller's id (the project_id), email, roles and registry namespace", {
          responses: {
            "200": json({
              type: "object",
              required: ["id", "email", "roles", "handle", "registry"],
              properties: {
                id: { type: "string" },
                email: { type: "string" },
                roles: { type: "array", items: { type: "string", enum: ["isv", "buyer", "operator"] } },
                handle: { type: ["string", "null"], description: "The account's namespace in image references" },
                registry: { type: ["string", "null"], description: "host/handle on this server's registry endpoint; a pull reference is registry/{image}:{version}" },
              },
            }),
            "401": errors["401"],
          },
        }),
      },
      "/api/v1/openapi.json": { get: { tags: ["system"], summary: "This document", responses: { "200": { description: "OpenAPI 3.1" } } } },
      ...consolePaths(),
      ...devicePaths(),
    }),
  };
}

function devicePaths() {
  const base = "/v5/iot/{project_id}";
  const listOf = (key: string, item: string) => json({ type: "object", properties: { [key]: { type: "array", items: ref(item) }, page: ref("Page") } });
  return {
    [`${base}/products`]: {
      get: op("products", "ListProducts", { parameters: [project, limit, offset], responses: { "200": listOf("products", "Product"), ...errors } }),
      post: op("products", "CreateProduct", {
        parameters: [project],
        ...jsonBody(createProductBody),
        responses: { "201": json(ref("Product")), ...errors },
      }),
    },
    [`${base}/devices`]: {
      get: op("devices", "ListDevices (newest first)", {
        parameters: [project, limit, offset, query("marker", { type: "string" }, "page.marker of the previous page"), query("product_id", { type: "string" }), query("node_id", { type: "string" }), query("device_name", { type: "string" })],
        responses: { "200": listOf("devices", "Device"), ...errors },
      }),
      post: op("devices", "AddDevice; the response carries auth_info.secret this once", {
        parameters: [project],
        ...jsonBody(addDeviceBody, "A CERTIFICATES device needs auth_info.fingerprint"),
        responses: { "201": json(ref("Device")), ...errors, "409": error("node_id already registered in the product (IOTDA.014010)") },
      }),
    },
    [`${base}/devices/{device_id}`]: {
      get: op("devices", "ShowDevice (never the secret)", { parameters: [project, pathParam("device_id")], responses: { "200": json(ref("Device")), ...errors } }),
      delete: op("devices", "DeleteDevice", { parameters: [project, pathParam("device_id")], responses: { "204": { description: "Deleted" }, ...errors } }),
    },
    [`${base}/devices/{device_id}/action`]: {
      post: op("devices", "ResetDeviceSecret (action_id=resetSecret); the new secret is returned this once", {
        parameters: [project, pathParam("device_id"), { ...query("action_id", { const: "resetSecret" }), required: true }],
        requestBody: { required: false, ...json(requestSchema(resetSecretBody)) },
        responses: { "200": json({ type: "object", properties: { device_id: { type: "string" }, secret: { type: "string" } } }), ...errors },
      }),
    },
    [`${base}/batchtask-files`]: {
      post: op("batch", "UploadBatchTaskFile: CSV or XLSX (one sheet), ≤ 100,000 rows, ≤ 20 MB", {
        parameters: [project],
        requestBody: { required: true, content: { "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string", format: "binary" } } } } } },
        responses: { "201": json({ type: "object", properties: { file_id: { type: "string" }, file_name: { type: "string" }, rows: { type: "integer" } } }), ...errors, "413": error("Larger than 20 MB") },
      }),
    },
    [`${base}/batchtasks`]: {
      post: op("batch", "CreateBatchTask (task_type createDevices)", {
        parameters: [project],
        ...jsonBody(createBatchTaskBody),
        responses: { "201": json(ref("BatchTask")), ...errors, "409": error("The file was already used by a task") },
      }),
    },
    [`${base}/batchtasks/{task_id}`]: {
      get: op("batch", "ShowBatchTask with a page of task_details", {
        parameters: [project, pathParam("task_id"), query("status", { enum: ["Waitting", "Success", "Fail"] }), limit, offset, query("marker", { type: "string" })],
        responses: {
          "200": json({ type: "object", properties: { batchtask: ref("BatchTask"), task_details: { type: "array", items: ref("TaskDetail") }, page: ref("Page") } }),
          ...errors,
        },
      }),
    },
  };
}
