import { z } from "zod";
import { SPEC_LOCATIONS, SPEC_TYPES } from "@/db/enums";
import { graphSchema } from "@/lib/catalog/graph";
import { checkbox, upload } from "@/lib/form-fields";

export const SPEC_NAME_MAX = 64;
export const SPEC_DESCRIPTION_MAX = 300;
export const CURRENCIES = ["CNY", "USD", "EUR"] as const;
export const PRICE_MAX = 100_000_000;
/** An exported spec (.zip) to import: the server refuses more (lib/specs/zip.ts), the form as it is chosen. */
export const MAX_ZIP_BYTES = 500 * 1024;

/** "" and null mean "not set"; forms send strings, pipelines numbers. */
const price = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? null : typeof v === "string" ? Number(v.trim()) : v),
  z
    .number({ error: "priceInvalid" })
    .finite("priceInvalid")
    .min(0, "priceInvalid")
    .max(PRICE_MAX, "priceTooHigh")
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, "priceInvalid")
    .nullable(),
);
const currency = z.preprocess((v) => (v === "" ? null : v), z.enum(CURRENCIES, { error: "currencyInvalid" }).nullable());

const fields = {
  type: z.enum(SPEC_TYPES, { error: "specTypeRequired" }),
  location: z.enum(SPEC_LOCATIONS, { error: "specLocationRequired" }),
  name: z.string({ error: "nameRequired" }).trim().min(1, "nameRequired").max(SPEC_NAME_MAX, "nameTooLong"),
  description: z
    .string({ error: "specDescriptionRequired" })
    .trim()
    .min(1, "specDescriptionRequired")
    .max(SPEC_DESCRIPTION_MAX, "specDescriptionTooLong"),
  allowTrial: checkbox,
  priceMonthly: price.optional(),
  priceYearly: price.optional(),
  currency: currency.optional(),
};

/** The spec dialog and `POST /api/v1/applications/{id}/specs`; the API may send a graph too. */
export const createSpecSchema = z.object({ ...fields, graph: graphSchema.optional() });
export type CreateSpecInput = z.infer<typeof createSpecSchema>;

/** The spec dialog sends every field; an unticked trial box is absent and means "no". */
export const specFormSchema = createSpecSchema.omit({ graph: true });

/** `PATCH /api/v1/specs/{id}`: only the fields sent change. */
export const updateSpecSchema = z.object({
  ...fields,
  allowTrial: z.boolean({ error: "invalidInput" }),
  graph: graphSchema,
}).partial();
export type UpdateSpecInput = z.infer<typeof updateSpecSchema>;

/** Optional new name for an imported spec (the file's name may already exist in the application). */
export const importSpecOptionsSchema = z.object({
  name: z.preprocess((v) => (v === "" || v === null ? undefined : v), fields.name.optional()),
});
export const importSpecFormSchema = importSpecOptionsSchema.extend({ file: upload });

/** 保存 on the canvas: the service judges the graph and answers what is wrong with it. */
export const saveGraphSchema = z.object({ graph: z.unknown() });

/** Price plan in major units as the API and spec.json show it; null = free. */
export type PricePlan = { currency: string; perMonth: number | null; perYear: number | null } | null;
