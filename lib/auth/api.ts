import "server-only";
import type { Role, User } from "@/db/schema";
import { z } from "zod";
import { AppError, ValidationError, zodFieldErrors } from "@/lib/errors";
import en from "@/lib/i18n/messages/en.json";
import { readBodyText } from "@/lib/http/body";
import { withinRateLimit } from "./api-limits";
import { crossSiteCookieWrite } from "./cross-site";
import { authenticateRequest, requestKey } from "./guards";

/** The body of every /api/v1 error (the OpenAPI document's ApiError). */
export const apiErrorJsonSchema = z.object({
  error_code: z.string().describe("STAGECRAFT.0 and the HTTP status"),
  error_msg: z.string(),
  fields: z.record(z.string(), z.array(z.string())).optional().describe("Invalid input: the English message of each field's problems"),
});

/**
 * REST errors use IoTDA's shape so that application servers written against it keep working;
 * invalid input adds `fields`: the English message of each field's problems.
 */
export function apiError(status: number, errorCode: string, errorMsg: string, fields?: Record<string, string[]>): Response {
  const body: z.input<typeof apiErrorJsonSchema> = { error_code: errorCode, error_msg: errorMsg, ...(fields ? { fields } : {}) };
  return Response.json(body, { status });
}

/** The English text of a message key, with its parameters filled in. */
function english(key: string, params?: Record<string, string>): string {
  const text = (en.errors as Record<string, string>)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => params?.[name] ?? `{${name}}`);
}

function fieldsOf(error: AppError): Record<string, string[]> | undefined {
  if (!error.fieldErrors) return undefined;
  return Object.fromEntries(Object.entries(error.fieldErrors).map(([field, keys]) => [field, keys.map((k) => english(k))]));
}

/**
 * The request's JSON body checked against `schema`; bad JSON or bad fields are ValidationErrors, a
 * body over 2 MB a BodyTooLargeError (413) before it is read in full.
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const text = await readBodyText(request);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationError("jsonInvalid");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError("invalidInput", zodFieldErrors(parsed.error));
  return parsed.data;
}

type Handler<C> = (request: Request, user: User, context: C) => Promise<Response> | Response;

/** Runs a route handler's work; AppErrors become JSON in English with their status. */
export async function answerErrors(work: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) {
      return apiError(error.status, `STAGECRAFT.0${error.status}`, english(error.message, error.params), fieldsOf(error));
    }
    throw error;
  }
}

/**
 * Wraps a /api/v1 route handler: 429 past the API key's rate limit (lib/auth/api-limits.ts), 401
 * without valid credentials, 403 for a cross-site write on a session cookie (./cross-site.ts) and
 * without the role, AppErrors as JSON with their status.
 */
export function withApiUser<C>(handler: Handler<C>, options: { role?: Role } = {}) {
  const answer = async (request: Request, context: C): Promise<Response> => {
    const user = await authenticateRequest(request);
    if (!user) return apiError(401, "STAGECRAFT.0401", "Authentication required: send a valid API key or session.");
    const crossSite = crossSiteCookieWrite(request);
    if (crossSite) return apiError(403, "STAGECRAFT.0403", english(crossSite));
    if (options.role && !user.roles.includes(options.role)) {
      return apiError(403, "STAGECRAFT.0403", `This API needs the ${options.role} role.`);
    }
    return answerErrors(() => handler(request, user, context));
  };
  return (request: Request, context: C) => withinRateLimit("api-key", requestKey(request.headers), tooManyRequests, () => answer(request, context));
}

/** The 429 of /api/v1, in IoTDA's error shape. */
export const tooManyRequests = () => apiError(429, "STAGECRAFT.0429", english("tooManyRequests"));
