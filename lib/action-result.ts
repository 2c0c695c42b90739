import type { z } from "zod";
import { AppError } from "./errors";

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

/** Issues under the form field they belong to: a bad line of a list is the list's box's error. */
export function invalid(error: z.ZodError, values?: Record<string, string>): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const keys = (fieldErrors[String(issue.path[0] ?? "_")] ??= []);
    if (!keys.includes(issue.message)) keys.push(issue.message);
  }
  return { ok: false, message: "invalidInput", fieldErrors, values };
}

/** Turns an expected failure into a result; anything else is rethrown to the error boundary. */
export function failure(error: unknown, values?: Record<string, string>): ActionResult<never> {
  if (error instanceof AppError) {
    return { ok: false, message: error.message, params: error.params, fieldErrors: error.fieldErrors, values };
  }
  throw error;
}
