"use client";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { Button, SubmitButton } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/action-result";
import { APP_DESCRIPTION_MAX, APP_NAME_MAX } from "@/lib/applications/schema";
import { CharCounter, TextArea } from "./text-area";

/** Chinese names are the values; labels are in the visitor's language (see industryOptions). */
export type IndustryOption = { name: string; label?: string; scenarios: string[]; scenarioLabels?: Record<string, string> };
type Values = { name: string; industry: string; scenario: string; description: string };

/** "新建应用" and "编辑应用信息": the same fields; the scenario list follows the chosen industry. */
export function ApplicationDialog({
  open,
  onClose,
  title,
  action,
  industries,
  initial = { name: "", industry: "", scenario: "", description: "" },
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  action: (state: ActionResult | null, form: FormData) => Promise<ActionResult>;
  industries: IndustryOption[];
  initial?: Values;
  onSaved?: () => void;
}) {
  const t = useTranslations("applications");
  const [state, formAction] = useActionState(action, null);
  const errorsOf = useFieldErrors(state);
  const [values, setValues] = useState(initial);
  const set = (field: keyof Values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const scenarios = industries.find((i) => i.name === values.industry)?.scenarios ?? [];

  useEffect(() => {
    if (state?.ok) onSaved?.();
    // Only a new result counts, not a new callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <form action={formAction} className="space-y-4" noValidate>
        <FormMessage state={state} />
        <Input label={t("name")} name="name" required maxLength={APP_NAME_MAX} value={values.name} onChange={set("name")} errors={errorsOf("name")} />
        <Select
          label={t("industry")}
          name="industry"
          required
          value={values.industry}
          onChange={(e) => setValues((v) => ({ ...v, industry: e.target.value, scenario: "" }))}
          placeholder={t("choose")}
          options={industries.map((i) => ({ value: i.name, label: i.label ?? i.name }))}
          errors={errorsOf("industry")}
        />
        <Select
          label={t("scenario")}
          name="scenario"
          required
          value={values.scenario}
          onChange={set("scenario")}
          placeholder={t("choose")}
          options={scenarios.map((s) => ({ value: s, label: industries.find((i) => i.name === values.industry)?.scenarioLabels?.[s] ?? s }))}
          errors={errorsOf("scenario")}
        />
        <TextArea
          label={t("description")}
          name="description"
          maxLength={APP_DESCRIPTION_MAX}
          value={values.description}
          onChange={set("description")}
          errors={errorsOf("description")}
          hint={<CharCounter value={values.description} max={APP_DESCRIPTION_MAX} />}
        />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t("cancel")}
          </Button>
          <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
