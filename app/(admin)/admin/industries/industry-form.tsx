"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { TextArea } from "@/components/applications/text-area";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { Button, SubmitButton } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/action-result";
import { deleteIndustryAction, saveIndustryAction } from "./actions";

type Industry = { id: string; name: string; nameEn: string | null; scenarios: string[]; scenariosEn: Record<string, string> };

/** One industry's name and scenarios (one per line); without `industry`, the form adds one. */
export function IndustryForm({ industry }: { industry?: Industry }) {
  const t = useTranslations("industries");
  const tErrors = useTranslations("errors");
  const toast = useToast();
  const [name, setName] = useState(industry?.name ?? "");
  const [nameEn, setNameEn] = useState(industry?.nameEn ?? "");
  const [scenarios, setScenarios] = useState(industry?.scenarios.join("\n") ?? "");
  const [scenariosEn, setScenariosEn] = useState(industry?.scenarios.map((s) => industry.scenariosEn[s] ?? "").join("\n") ?? "");
  const [state, formAction] = useActionState(async (previous: ActionResult | null, form: FormData) => {
    const result = await saveIndustryAction(industry?.id ?? null, previous, form);
    if (result.ok) {
      toast.show(t("saved"));
      // The add form empties itself for the next industry.
      if (!industry) {
        setName("");
        setNameEn("");
        setScenarios("");
        setScenariosEn("");
      }
    }
    return result;
  }, null);
  const errorsOf = useFieldErrors(state);
  const [deleting, setDeleting] = useState(false);
  const [pending, startTransition] = useTransition();

  const title = industry ? industry.name : t("add");
  return (
    <form action={formAction} aria-label={title} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="font-medium">{title}</h2>
      <FormMessage state={state} />
      <Input label={t("name")} name="name" maxLength={32} value={name} onChange={(e) => setName(e.target.value)} errors={errorsOf("name")} />
      <Input label={t("nameEn")} name="nameEn" maxLength={64} value={nameEn} onChange={(e) => setNameEn(e.target.value)} errors={errorsOf("nameEn")} hint={t("nameEnHint")} />
      <TextArea label={t("scenarios")} name="scenarios" rows={4} value={scenarios} onChange={(e) => setScenarios(e.target.value)} errors={errorsOf("scenarios")} hint={t("scenariosHint")} />
      <TextArea label={t("scenariosEn")} name="scenariosEn" rows={4} value={scenariosEn} onChange={(e) => setScenariosEn(e.target.value)} errors={errorsOf("scenariosEn")} hint={t("scenariosEnHint")} />
      <div className="flex justify-end gap-2">
        {industry && (
          <Button variant="secondary" onClick={() => setDeleting(true)}>
            {t("delete")}
          </Button>
        )}
        <SubmitButton pendingLabel={t("saving")}>{industry ? t("save") : t("add")}</SubmitButton>
      </div>
      {industry && (
        <ConfirmDialog
          open={deleting}
          title={t("deleteTitle")}
          message={t("deleteText", { name: industry.name })}
          confirmLabel={t("delete")}
          cancelLabel={t("cancel")}
          pending={pending}
          onConfirm={() =>
            startTransition(async () => {
              const result = await deleteIndustryAction(industry.id);
              setDeleting(false);
              if (!result.ok) toast.show(tErrors(result.message, result.params), "error");
            })
          }
          onCancel={() => setDeleting(false)}
        />
      )}
    </form>
  );
}
