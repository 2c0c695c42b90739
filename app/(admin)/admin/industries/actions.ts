"use server";
import { revalidatePath } from "next/cache";
import { failure, formValues, invalid, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import { industryInputSchema, splitLines } from "@/lib/industries/schema";
import { createIndustry, deleteIndustry, updateIndustry } from "@/lib/industries/service";

const PAGE = "/admin/industries";

function parse(form: FormData) {
  const values = formValues(form);
  return { values, parsed: industryInputSchema.safeParse({ name: values.name ?? "", scenarios: splitLines(values.scenarios ?? "") }) };
}

/** Adds an industry, or with an `id` replaces its name and scenarios. */
export async function saveIndustryAction(id: string | null, _: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("operator");
  const { values, parsed } = parse(form);
  if (!parsed.success) {
    const result = invalid(parsed.error, values);
    // A problem with one scenario line belongs to the scenarios box.
    if (!result.ok && result.fieldErrors) {
      result.fieldErrors = Object.entries(result.fieldErrors).reduce<Record<string, string[]>>((all, [field, keys]) => {
        const key = field.split(".")[0];
        all[key] = [...new Set([...(all[key] ?? []), ...keys])];
        return all;
      }, {});
    }
    return result;
  }
  try {
    if (id) updateIndustry(user, id, parsed.data);
    else createIndustry(user, parsed.data);
  } catch (error) {
    return failure(error, values);
  }
  revalidatePath(PAGE);
  return { ok: true };
}

export async function deleteIndustryAction(id: string): Promise<ActionResult> {
  const user = await requireRole("operator");
  try {
    deleteIndustry(user, id);
  } catch (error) {
    return failure(error);
  }
  revalidatePath(PAGE);
  return { ok: true };
}
