import "server-only";
import type { User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { authenticateRequest } from "./guards";

/** REST errors use IoTDA's shape so that application servers written against it keep working. */
export function apiError(status: number, errorCode: string, errorMsg: string): Response {
  return Response.json({ error_code: errorCode, error_msg: errorMsg }, { status });
}

type Handler<C> = (request: Request, user: User, context: C) => Promise<Response> | Response;

/** Wraps a /api/v1 route handler: 401 without valid credentials, AppErrors as JSON. */
export function withApiUser<C>(handler: Handler<C>) {
  return async (request: Request, context: C): Promise<Response> => {
    const user = await authenticateRequest(request);
    if (!user) return apiError(401, "STAGECRAFT.0401", "Authentication required: send a valid API key or session.");
    try {
      return await handler(request, user, context);
    } catch (error) {
      if (error instanceof AppError) return apiError(error.status, `STAGECRAFT.0${error.status}`, error.message);
      throw error;
    }
  };
}
