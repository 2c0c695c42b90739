"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { failure, formValues, invalid, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import { submitSchema } from "@/lib/reviews/schema";
import { submitForReview } from "@/lib/reviews/service";

/** Empty file inputs still send a nameless 0-byte part; those count as "not chosen". */
async function fileBytes(value: FormDataEntryValue | null): Promise<Buffer | undefined> {
  if (!value || typeof value === "string" || (value.size === 0 && !value.name)) return undefined;
  return Buffer.from(await value.arrayBuffer());
}

/** Step ② of the wizard sends everything at once; nothing is stored unless all of it is right. */
export async function submitForReviewAction(appId: string, _: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("isv");
  const values = formValues(form, ["specIds"]);
  const parsed = submitSchema.safeParse({ name: values.name, summary: values.summary, specIds: form.getAll("specIds").filter((v) => typeof v === "string") });
  if (!parsed.success) return invalid(parsed.error, values);
  const intro = (await Promise.all(form.getAll("intro").map(fileBytes))).filter((b): b is Buffer => b !== undefined);
  try {
    submitForReview(user, appId, parsed.data, { logo: await fileBytes(form.get("logo")), showcase: await fileBytes(form.get("showcase")), intro });
  } catch (error) {
    return failure(error, values);
  }
  revalidatePath(`/console/applications/${appId}`);
  redirect(`/console/applications/${appId}?tab=review`);
}
