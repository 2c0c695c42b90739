import { createApplicationSchema, updateApplicationSchema } from "@/lib/applications/schema";
import { graphSchema } from "@/lib/catalog/graph";
import { downlinkSchema } from "@/lib/marketplace/app-api";
import { createSpecSchema, importSpecOptionsSchema, updateSpecSchema } from "@/lib/specs/schema";
import { jsonBody, requestSchema } from "./json-schema";

// The /api/v1 paths of the ISV console's automation: images, applications and specs ("specs as
// code"), deploy tests and deployments. Errors are {error_code: "STAGECRAFT.0xxx", error_msg, fields?}.
// Request bodies are generated from the schemas the route handlers parse them with.

const json = (schema: object) => ({ content: { "application/json": { schema } } });
const error = (description: string) => ({ description, ...json({ $ref: "#/components/schemas/ApiError" }) });
const errors = {
  "401": error("No valid API key or session"),
  "403": error("The account is not an ISV"),
  "404": error("Not found, or another ISV's (the same answer)"),
};
const invalid = { "422": error("Invalid input; `fields` names each field's problem") };
const conflict = (why: string) => ({ "409": error(why) });
const param = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
const op = (tag: string, summary: string, rest: object = {}) => ({ tags: [tag], summary, security: [{ apiKey: [] }], ...rest });
const ok = (description: string, code = "200") => ({ [code]: { description, ...json({ type: "object" }) } });
const app = [param("applicationId")];
const spec = [param("specId")];

const appErrors = {
  "401": error("No valid app key (X-Auth-Token: sca_…)"),
  "404": error("Another app, or a device not bound to this app (the same answer)"),
};
const appDevice = [param("appId"), param("device_id")];

/** The import's form: its `file` and the fields the route reads with `options`. */
function multipart(options: Parameters<typeof requestSchema>[0]) {
  const fields = requestSchema(options) as { properties?: object; required?: string[] };
  return { type: "object", required: ["file", ...(fields.required ?? [])], properties: { file: { type: "string", format: "binary" }, ...fields.properties } };
}

export function consolePaths() {
  return {
    "/api/v1/apps/{appId}/devices": {
      get: op("apps", "The devices bound to this app (?page=), with the app's key; unbinding takes effect at once", {
        parameters: [param("appId")],
        responses: { ...ok("{total, page, devices: [{device_id, node_id, device_name, product_id, product_name, status, last_seen_at, bound_at}]}"), ...appErrors },
      }),
    },
    "/api/v1/apps/{appId}/devices/{device_id}/messages": {
      get: op("apps", "A bound device's newest stored messages (?limit= ≤ 200)", { parameters: appDevice, responses: { ...ok("{device_id, messages: [{id, topic, kind, payload, received_at}]}"), ...appErrors } }),
      post: op("apps", "Send {name?, content} to a bound device's sys/messages/down topic (≤ 1 MB)", {
        parameters: appDevice,
        ...jsonBody(downlinkSchema, "content: any JSON value, sent as the message's content"),
        responses: { ...ok("{message_id, topic}", "202"), ...appErrors, ...invalid, ...conflict("The MQTT listener is not running") },
      }),
    },
    "/api/v1/images": {
      get: op("images", "The caller's images with their versions (?q=, ?status=, ?page=)", { responses: { ...ok("{total, page, pageCount, images}"), ...errors } }),
    },
    "/api/v1/images/{imageId}": {
      get: op("images", "One image with its versions; poll until a new version is ready or failed (failureReason)", {
        parameters: [param("imageId")],
        responses: { ...ok("{id, name, kind, versions[]}"), ...errors },
      }),
    },
    "/api/v1/images/{imageId}/versions/{version}": {
      delete: op("images", "Delete a version and its archive", {
        parameters: [param("imageId"), param("version")],
        responses: { "204": { description: "Deleted" }, ...errors, ...conflict("A spec uses the version (error_msg names them)") },
      }),
    },
    "/api/v1/industries": { get: op("applications", "Industries and their scenarios", { responses: ok("{industries: [{name, nameEn, scenarios, scenariosEn}]}: name and scenarios are the values applications take (Chinese); nameEn and scenariosEn (by Chinese name) the English labels") }) },
    "/api/v1/applications": {
      get: op("applications", "The caller's applications (?q=, ?status=, ?page=)", { responses: { ...ok("{total, applications}"), ...errors } }),
      post: op("applications", "Create an application", { ...jsonBody(createApplicationSchema, "industry and scenario from /api/v1/industries"), responses: { ...ok("The application", "201"), ...errors, ...invalid, ...conflict("Name taken") } }),
    },
    "/api/v1/applications/{applicationId}": {
      get: op("applications", "One application", { parameters: app, responses: { ...ok("The application"), ...errors } }),
      patch: op("applications", "Change fields", { parameters: app, ...jsonBody(updateApplicationSchema, "Only the fields sent change"), responses: { ...ok("The application"), ...errors, ...invalid } }),
      delete: op("applications", "Delete (not once published)", { parameters: app, responses: { "204": { description: "Deleted" }, ...errors, ...conflict("Published, or a spec is deployed") } }),
    },
    "/api/v1/applications/{applicationId}/specs": {
      get: op("specs", "The application's specs", { parameters: app, responses: { ...ok("{specs}"), ...errors } }),
      post: op("specs", "Add a spec (with an optional graph)", { parameters: app, ...jsonBody(createSpecSchema, "Prices have at most two decimals"), responses: { ...ok("The spec", "201"), ...errors, ...invalid } }),
    },
    "/api/v1/applications/{applicationId}/specs/import": {
      post: op("specs", "Import a spec .zip (multipart file ≤ 500 KB, optional name)", {
        parameters: app,
        requestBody: { required: true, content: { "multipart/form-data": { schema: multipart(importSpecOptionsSchema) } } },
        responses: { ...ok("The spec", "201"), ...errors, ...invalid, "413": error("Larger than 500 KB") },
      }),
    },
    "/api/v1/specs/{specId}": {
      get: op("specs", "One spec with its graph", { parameters: spec, responses: { ...ok("The spec"), ...errors } }),
      patch: op("specs", "Change fields or the graph", { parameters: spec, ...jsonBody(updateSpecSchema, "Only the fields sent change"), responses: { ...ok("The spec"), ...errors, ...invalid } }),
      delete: op("specs", "Delete (not while listed or deployed)", { parameters: spec, responses: { "204": { description: "Deleted" }, ...errors, ...conflict("Listed or deployed") } }),
    },
    "/api/v1/specs/{specId}/copy": { post: op("specs", "Copy as a draft", { parameters: spec, responses: { ...ok("The copy", "201"), ...errors } }) },
    "/api/v1/specs/{specId}/export": {
      get: op("specs", "The spec as a .zip (docs/spec-format.md)", { parameters: spec, responses: { "200": { description: "application/zip" }, ...errors } }),
    },
    "/api/v1/specs/{specId}/deploy-tests": {
      post: op("deployments", "Start a deploy test; a clean install and uninstall marks the spec tested", {
        parameters: spec,
        responses: { ...ok("The deployment", "201"), ...errors, "422": error("The graph cannot be deployed; `fields` names each node's problem"), ...conflict("A deploy test of the spec is running") },
      }),
    },
    "/api/v1/specs/{specId}/graph": {
      get: op("specs", "The dependency graph (docs/spec-format.md) with {valid, errors: [{nodeId?, path?, code, message}], billOfMaterials}", {
        parameters: spec,
        responses: { ...ok("{graph, status, valid, errors, billOfMaterials}"), ...errors },
      }),
      put: op("specs", "Replace the graph as the editor saves it; an invalid graph is stored as a draft, a valid one makes the spec configured", {
        parameters: spec,
        ...jsonBody(graphSchema, "Each node's properties follow its type's schema in /api/v1/catalog"),
        responses: { ...ok("{status, valid, errors, billOfMaterials}"), ...errors, ...invalid },
      }),
    },
    "/api/v1/catalog": {
      get: op("specs", "The resource types of a graph with their property JSON Schema, allowed dependencies and outputs", {
        responses: { ...ok("{types: [{type, label, icon, dependsOn, outputs, properties}]}"), "401": errors["401"], "403": errors["403"] },
      }),
    },
    "/api/v1/deployments/{deploymentId}": {
      get: op("deployments", "Status, resources, outputs [{name, label, value, secret}] and the event log [{at, nodeId, level, message, code, params}]: `message` as stored (English), `code` and `params` name it for translation, null when it is an engine's own text (owner only)", {
        parameters: [param("deploymentId")],
        responses: { ...ok("The deployment"), "401": errors["401"], "404": errors["404"] },
      }),
      delete: op("deployments", "Uninstall a running instance (202; poll until deleted)", {
        parameters: [param("deploymentId")],
        responses: { ...ok("The deployment", "202"), "401": errors["401"], "404": errors["404"], ...conflict("Not running") },
      }),
    },
  };
}
