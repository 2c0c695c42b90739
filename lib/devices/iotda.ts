import "server-only";
import type { z } from "zod";
import type { User } from "@/db/schema";
import { withinRateLimit } from "@/lib/auth/api-limits";
import { authenticateRequest, requestKey } from "@/lib/auth/guards";
import { AppError, zodFieldErrors } from "@/lib/errors";
import { readBodyText } from "@/lib/http/body";
import en from "@/lib/i18n/messages/en.json";

// IoTDA-compatible surface of the device registry: IoTDA's field names, time format and error
// shape, so that application servers written against IoTDA only change their endpoint.

/** Our error codes, in IoTDA's format; listed in the OpenAPI document. */
export const IOTDA_CODES: Record<number, string> = {
  400: "IOTDA.000006",
  401: "IOTDA.000002",
  403: "IOTDA.000004",
  404: "IOTDA.014000",
  409: "IOTDA.014010",
  413: "IOTDA.000008",
  422: "IOTDA.000006",
  // Huawei Cloud's API gateway answers throttled calls with this code.
  429: "APIGW.0308",
};

/** Our field names to IoTDA's, for error messages. */
const API_FIELDS: Record<string, string> = {
  productId: "product_id",
  nodeId: "node_id",
  name: "device_name",
  authType: "auth_info.auth_type",
  secret: "auth_info.secret",
  fingerprint: "auth_info.fingerprint",
  deviceType: "device_type",
  protocol: "protocol_type",
  manufacturer: "manufacturer_name",
};

const messages = en.errors as Record<string, string>;
/** The English text of an `errors` key (the API is not localized). */
export const errorText = (key: string) => messages[key] ?? key;

export function iotdaError(status: number, message: string, fieldErrors?: Record<string, string[]>, fields = API_FIELDS): Response {
  const details = Object.entries(fieldErrors ?? {}).map(([field, keys]) => `${fields[field] ?? field}: ${keys.map(errorText).join(" ")}`);
  return Response.json({ error_code: IOTDA_CODES[status] ?? `IOTDA.000${status}`, error_msg: [errorText(message), ...details].join(" ") }, { status });
}

/** `yyyyMMdd'T'HHmmss'Z'` in UTC, as IoTDA writes times. */
export function iotdaTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

type Context = { params: Promise<{ projectId: string } & Record<string, string>> };
type Handler = (request: Request, user: User, params: Record<string, string>) => Promise<Response> | Response;

/**
 * Wraps a /v5/iot/{project_id} route: an API key is required (a browser session is not enough),
 * `project_id` must be the caller's account id, the account a buyer, and expected failures become
 * IoTDA errors.
 */
export function withIotdaUser(handler: Handler, fields?: Record<string, string>) {
  const answer = async (request: Request, context: Context): Promise<Response> => {
    const hasKey = request.headers.has("x-auth-token") || /^Bearer\s/i.test(request.headers.get("authorization") ?? "");
    const user = hasKey ? await authenticateRequest(request) : null;
    if (!user) return iotdaError(401, "apiKeyRequired");
    const params = await context.params;
    if (params.projectId !== user.id) return iotdaError(403, "projectMismatch");
    // The same rule as the workbench pages: devices belong to buyer accounts.
    if (!user.roles.includes("buyer")) return iotdaError(403, "buyerRoleRequired");
    try {
      return await handler(request, user, params);
    } catch (error) {
      // IoTDA answers 400 for every invalid input; our services say 422.
      if (error instanceof AppError) return iotdaError(error.status === 422 ? 400 : error.status, error.message, error.fieldErrors, { ...API_FIELDS, ...fields });
      throw error;
    }
  };
  return (request: Request, context: Context) => withinRateLimit("api-key", requestKey(request.headers), () => iotdaError(429, "tooManyRequests"), () => answer(request, context));
}

/** A JSON body, a 413 over 2 MB (before reading it all), or a 400 for anything that is not a JSON object. */
async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request);
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new BadRequest("bodyNotJson");
}

/** A JSON body read with its schema (./iotda-schema.ts); a 400 naming each invalid field otherwise. */
export async function iotdaBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await jsonBody(request));
  if (!parsed.success) throw new BadRequest("invalidInput", zodFieldErrors(parsed.error));
  return parsed.data;
}

export class BadRequest extends AppError {
  override readonly status = 400;
}

/** Integer query parameter within bounds; absent → the default; anything else is a 400. */
export function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new BadRequest("queryInvalid", { [name]: ["queryOutOfRange"] });
  return value;
}

/** The keyset marker: the last row's sequence number, as IoTDA's 24 hex digits. */
export const toMarker = (seq: number) => seq.toString(16).padStart(24, "0");
export function fromMarker(marker: string | null): number | undefined {
  if (!marker) return undefined;
  if (!/^[0-9a-f]{1,24}$/i.test(marker)) throw new BadRequest("queryInvalid", { marker: ["markerInvalid"] });
  const seq = parseInt(marker, 16);
  return Number.isSafeInteger(seq) ? seq : undefined;
}
