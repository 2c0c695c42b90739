"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { failure, formValues, invalid, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import { decisionSchema } from "@/lib/reviews/schema";
import { decideSubmission } from "@/lib/reviews/service";

/** 通过 or 驳回; a rejection needs at least one reason from the checklist. */
export async function decideSubmissionAction(submissionId: string, _: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("operator");
  const values = formValues(form, ["reasons"]);
  const parsed = decisionSchema.safeParse({ decision: values.decision, reasons: form.getAll("reasons"), comment: values.comment ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    decideSubmission(user, submissionId, parsed.data);
  } catch (error) {
    return failure(error, values);
  }
  revalidatePath("/admin/reviews");
  revalidatePath("/market");
  redirect("/admin/reviews");
}
