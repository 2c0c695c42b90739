"use server";
import { revalidatePath } from "next/cache";
import { action, formAction } from "@/lib/action";
import { englishByScenario, industryFormSchema } from "@/lib/industries/schema";
import { createIndustry, deleteIndustry, updateIndustry } from "@/lib/industries/service";

const PAGE = "/admin/industries";

/** Adds an industry, or with an `id` replaces its name and scenarios. */
export const saveIndustryAction = formAction({ role: "operator", args: ["id"], schema: industryFormSchema }, (user, { id, scenariosEn, ...form }) => {
  const input = { ...form, scenariosEn: englishByScenario(form.scenarios, scenariosEn) };
  if (id) updateIndustry(user, id, input);
  else createIndustry(user, input);
  revalidatePath(PAGE);
});

export const deleteIndustryAction = action({ role: "operator", args: ["id"] }, (user, { id }) => {
  deleteIndustry(user, id);
  revalidatePath(PAGE);
});
