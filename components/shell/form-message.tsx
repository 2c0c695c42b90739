"use client";
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/action-result";

/** The translated form-level error of an action result, announced to screen readers. */
export function FormMessage({ state }: { state: ActionResult<unknown> | null }) {
  const t = useTranslations("errors");
  if (!state || state.ok) return null;
  // A message that a field already shows is not repeated above the form.
  if (Object.values(state.fieldErrors ?? {}).flat().includes(state.message)) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {t(state.message, state.params)}
    </p>
  );
}

/**
 * Translated errors of one field, for the `errors` prop of Input and Select; `params` fills the
 * placeholders some messages have (limits the page passes from the constants the server uses).
 */
export function useFieldErrors(state: ActionResult<unknown> | null, params?: Record<string, string | number>) {
  const t = useTranslations("errors");
  return (field: string) => (state && !state.ok ? state.fieldErrors?.[field]?.map((key) => t(key, params)) : undefined);
}
