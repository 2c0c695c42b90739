"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { TextArea } from "@/components/applications/text-area";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { SubmitButton } from "@/components/ui/button";
import { decideSubmissionAction } from "./actions";

/** 通过 / 驳回: which button was pressed is the decision; reasons only matter for a rejection. */
export function DecisionForm({ submissionId, reasons }: { submissionId: string; reasons: readonly string[] }) {
  const t = useTranslations("reviews");
  const [state, formAction] = useActionState(decideSubmissionAction.bind(null, submissionId), null);
  const errorsOf = useFieldErrors(state);
  return (
    <form action={formAction} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6" noValidate>
      <h2 className="font-medium">{t("decision")}</h2>
      <FormMessage state={state} />
      <fieldset className="space-y-2 text-sm">
        <legend className="mb-1 font-medium text-slate-700">{t("reasonsLegend")}</legend>
        {reasons.map((r) => (
          <label key={r} className="flex items-center gap-2">
            <input type="checkbox" name="reasons" value={r} />
            {t(`reasons.${r}`)}
          </label>
        ))}
        {errorsOf("reasons") && (
          <p role="alert" className="text-xs text-red-600">
            {errorsOf("reasons")!.join(" ")}
          </p>
        )}
      </fieldset>
      <TextArea label={t("comment")} name="comment" rows={3} maxLength={1000} errors={errorsOf("comment")} />
      <div className="flex justify-end gap-2">
        <SubmitButton variant="danger" name="decision" value="reject">
          {t("reject")}
        </SubmitButton>
        <SubmitButton name="decision" value="approve">
          {t("approve")}
        </SubmitButton>
      </div>
    </form>
  );
}
