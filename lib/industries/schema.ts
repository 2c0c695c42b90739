import { z } from "zod";

const label = z.string().trim().min(1, "nameRequired").max(32, "labelTooLong");

/** One industry with its scenarios as the operator page and API send them. */
export const industryInputSchema = z.object({
  name: label,
  scenarios: z
    .array(label)
    .min(1, "scenariosRequired")
    .max(50, "tooManyScenarios")
    .refine((list) => new Set(list).size === list.length, "duplicateScenario"),
});
export type IndustryInput = z.infer<typeof industryInputSchema>;

/** The operator form: scenarios one per line; with an `id` it replaces that industry's. */
export const industryFormSchema = z.object({
  id: z.string().nullable(),
  name: z.string().default("").pipe(label),
  scenarios: z.string().default("").transform(splitLines).pipe(industryInputSchema.shape.scenarios),
});

/** Scenarios typed one per line in the operator form. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
}
