import type { z } from "zod";

/** Zod issues as `{ field: [message key, …] }`; issues without a path go under "_". */
export function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/**
 * Expected failures. `message` is a key of the `errors` message catalogue, so the UI can translate
 * it; `fieldErrors` maps form fields to such keys.
 */
export class AppError extends Error {
  readonly status: number = 400;
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    /** Values the translated message interpolates, e.g. the names of what blocks a delete. */
    readonly params?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  override readonly status = 422;
}
export class NotFoundError extends AppError {
  override readonly status = 404;
}
export class ForbiddenError extends AppError {
  override readonly status = 403;
}
export class ConflictError extends AppError {
  override readonly status = 409;
}
export class InvalidStateError extends AppError {
  override readonly status = 409;
}
export class RateLimitedError extends AppError {
  override readonly status = 429;
}
