import { z } from "zod";

const label = z.string().trim().min(1, "nameRequired").max(32, "labelTooLong");
const englishLabel = z.string().trim().max(64, "englishLabelTooLong");

/** One industry with its scenarios as the operator page and API send them; English names optional. */
export const industryInputSchema = z.object({
  name: label,
  nameEn: englishLabel.transform((s) => s || null).nullable().optional(),
  scenarios: z
    .array(label)
    .min(1, "scenariosRequired")
    .max(50, "tooManyScenarios")
    .refine((list) => new Set(list).size === list.length, "duplicateScenario"),
  /** English names by Chinese scenario name; a scenario without one reads in Chinese. */
  scenariosEn: z.record(z.string(), englishLabel).optional(),
});
export type IndustryInput = z.infer<typeof industryInputSchema>;

/**
 * The operator form: scenarios one per line, their English names one per line in the same order
 * (an empty line keeps the Chinese one); with an `id` it replaces that industry's.
 */
export const industryFormSchema = z
  .object({
    id: z.string().nullable(),
    name: z.string().default("").pipe(label),
    nameEn: z.string().default("").pipe(englishLabel).transform((s) => s || null),
    scenarios: z.string().default("").transform(splitLines).pipe(industryInputSchema.shape.scenarios),
    scenariosEn: z
      .string()
      .default("")
      .transform((text) => {
        const lines = text.split(/\r?\n/).map((s) => s.trim());
        while (lines.length && !lines.at(-1)) lines.pop();
        return lines;
      })
      .pipe(z.array(englishLabel)),
  })
  // A refinement keeps this an object schema (the action adds its `id` argument to those).
  .superRefine((form, ctx) => {
    if (form.scenariosEn.length > form.scenarios.length) ctx.addIssue({ code: "custom", path: ["scenariosEn"], message: "tooManyEnglishScenarios" });
  });

/** The form's English lines as names by Chinese scenario name; an empty line gives none. */
export function englishByScenario(scenarios: string[], lines: string[]): Record<string, string> {
  return Object.fromEntries(scenarios.flatMap((s, i) => (lines[i] ? [[s, lines[i]]] : [])));
}

/** Scenarios typed one per line in the operator form. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
}
