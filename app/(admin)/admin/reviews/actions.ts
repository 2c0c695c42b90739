"use server";
import { revalidatePath } from "next/cache";
import { formAction, redirectTo } from "@/lib/action";
import { decisionSchema } from "@/lib/reviews/schema";
import { decideSubmission } from "@/lib/reviews/service";

/** 通过 or 驳回; a rejection needs at least one reason from the checklist. */
export const decideSubmissionAction = formAction(
  { role: "operator", args: ["submissionId"], schema: decisionSchema, lists: ["reasons"] },
  (user, { submissionId, ...input }) => {
    decideSubmission(user, submissionId, input);
    revalidatePath("/admin/reviews");
    revalidatePath("/market");
    return redirectTo("/admin/reviews");
  },
);
