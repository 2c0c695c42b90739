import type { z } from "zod";
import { AppError, zodFieldErrors } from "./errors";

/** What every server action returns; messages are keys of the `errors` catalogue. */
export type ActionResult<T = undefined> =
  | { ok: true; data?: T }
  | {
      ok: false;
      message: string;
      params?: Record<string, string>;
      fieldErrors?: Record<string, string[]>;
      /** The submitted values, so a form can refill itself after React resets it. */
      values?: Record<string, string>;
    };

export function formValues(form: FormData, omit: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form) {
    if (typeof value === "string" && !omit.includes(key) && !key.startsWith("$")) values[key] = value;
  }
  return values;
}

export function invalid(error: z.ZodError, values?: Record<string, string>): ActionResult<never> {
  return { ok: false, message: "invalidInput", fieldErrors: zodFieldErrors(error), values };
}

/** Turns an expected failure into a result; anything else is rethrown to the error boundary. */
export function failure(error: unknown, values?: Record<string, string>): ActionResult<never> {
  if (error instanceof AppError) {
    return { ok: false, message: error.message, params: error.params, fieldErrors: error.fieldErrors, values };
  }
  throw error;
}
