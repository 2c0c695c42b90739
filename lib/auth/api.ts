import "server-only";
import type { Role, User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import en from "@/lib/i18n/messages/en.json";
import { authenticateRequest } from "./guards";

/** REST errors use IoTDA's shape so that application servers written against it keep working. */
export function apiError(status: number, errorCode: string, errorMsg: string): Response {
  return Response.json({ error_code: errorCode, error_msg: errorMsg }, { status });
}

/** The English text of an error's message key, with its parameters filled in. */
function englishMessage(error: AppError): string {
  const text = (en.errors as Record<string, string>)[error.message] ?? error.message;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => error.params?.[name] ?? `{${name}}`);
}

type Handler<C> = (request: Request, user: User, context: C) => Promise<Response> | Response;

/**
 * Wraps a /api/v1 route handler: 401 without valid credentials, 403 without the role, AppErrors
 * as JSON with their status.
 */
export function withApiUser<C>(handler: Handler<C>, options: { role?: Role } = {}) {
  return async (request: Request, context: C): Promise<Response> => {
    const user = await authenticateRequest(request);
    if (!user) return apiError(401, "STAGECRAFT.0401", "Authentication required: send a valid API key or session.");
    if (options.role && !user.roles.includes(options.role)) {
      return apiError(403, "STAGECRAFT.0403", `This API needs the ${options.role} role.`);
    }
    try {
      return await handler(request, user, context);
    } catch (error) {
      if (error instanceof AppError) return apiError(error.status, `STAGECRAFT.0${error.status}`, englishMessage(error));
      throw error;
    }
  };
}
