import { z } from "zod";
import type { Spec } from "@/db/schema";
import { graphSchema } from "@/lib/catalog/graph";
import { ValidationError, zodFieldErrors } from "@/lib/errors";
import { pricePlanOf } from "./queries";
import { createSpecSchema, CURRENCIES, PRICE_MAX, type CreateSpecInput } from "./schema";

/** The spec.json format this release writes and reads (docs/spec-format.md). */
export const SPEC_FORMAT_VERSION = 1;

/** JSON with object keys sorted at every level, so equal content is byte-for-byte equal. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** A stored spec as spec.json: its fields, price plan and graph; no database ids, no status. */
export function toSpecFile(spec: Spec): string {
  return canonicalJson({
    formatVersion: SPEC_FORMAT_VERSION,
    spec: { type: spec.type, location: spec.location, name: spec.name, description: spec.description, allowTrial: spec.allowTrial },
    pricePlan: pricePlanOf(spec),
    graph: spec.graph,
  });
}

const money = z.number({ error: "priceInvalid" }).min(0, "priceInvalid").max(PRICE_MAX, "priceTooHigh").nullable();
const fileSchema = z.object({
  spec: z.object({ ...createSpecSchema.shape, allowTrial: z.boolean({ error: "invalidInput" }) }).omit({ priceMonthly: true, priceYearly: true, currency: true, graph: true }),
  pricePlan: z
    .object({ currency: z.enum(CURRENCIES, { error: "currencyInvalid" }), perMonth: money.default(null), perYear: money.default(null) })
    .nullable()
    .default(null),
  graph: graphSchema,
});

/**
 * Reads spec.json text into the input of createSpec. Every failure is a ValidationError whose
 * field errors are paths into the file (e.g. `graph.nodes.2.type`).
 */
export function parseSpecFile(text: string): CreateSpecInput & { graph: z.infer<typeof graphSchema> } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError("specJsonInvalid");
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new ValidationError("specJsonInvalid");
  const version = (json as { formatVersion?: unknown }).formatVersion;
  if (version !== SPEC_FORMAT_VERSION) {
    throw new ValidationError("specFormatUnsupported", undefined, { version: String(version ?? "—"), supported: String(SPEC_FORMAT_VERSION) });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new ValidationError("specFileInvalid", zodFieldErrors(parsed.error));
  const { spec, pricePlan, graph } = parsed.data;
  return {
    ...spec,
    priceMonthly: pricePlan?.perMonth ?? null,
    priceYearly: pricePlan?.perYear ?? null,
    currency: pricePlan?.currency ?? null,
    graph,
  };
}
