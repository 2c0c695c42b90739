"use client";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { CharCounter, TextArea } from "@/components/applications/text-area";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { Button, SubmitButton } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SPEC_LOCATIONS, SPEC_TYPES } from "@/db/enums";
import type { ActionResult } from "@/lib/action-result";
import { CURRENCIES, SPEC_DESCRIPTION_MAX, SPEC_NAME_MAX } from "@/lib/specs/schema";

export type SpecFormValues = {
  type: string;
  location: string;
  name: string;
  description: string;
  allowTrial: boolean;
  priceMonthly: string;
  priceYearly: string;
  currency: string;
};
export const EMPTY_SPEC: SpecFormValues = { type: "", location: "", name: "", description: "", allowTrial: false, priceMonthly: "", priceYearly: "", currency: "CNY" };

/** "新增" and "编辑" of a spec, with its price plan (empty prices = free). */
export function SpecDialog({
  title,
  action,
  initial,
  onClose,
  onSaved,
}: {
  title: string;
  action: (state: ActionResult | null, form: FormData) => Promise<ActionResult>;
  initial: SpecFormValues;
  onClose: () => void;
  onSaved?: () => void;
}) {
  const t = useTranslations("specs");
  const [state, formAction] = useActionState(action, null);
  const errorsOf = useFieldErrors(state);
  const [v, setV] = useState(initial);
  const set = (field: keyof SpecFormValues) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [field]: e.target.value }));

  useEffect(() => {
    if (state?.ok) onSaved?.();
    // Only a new result counts, not a new callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  return (
    <Dialog open onClose={onClose} title={title}>
      <form action={formAction} className="space-y-4" noValidate>
        <FormMessage state={state} />
        <div className="grid grid-cols-2 gap-4">
          <Select label={t("type")} name="type" required value={v.type} onChange={set("type")} placeholder={t("choose")} options={SPEC_TYPES.map((x) => ({ value: x, label: t(`types.${x}`) }))} errors={errorsOf("type")} />
          <Select label={t("location")} name="location" required value={v.location} onChange={set("location")} placeholder={t("choose")} options={SPEC_LOCATIONS.map((x) => ({ value: x, label: t(`locations.${x}`) }))} errors={errorsOf("location")} />
        </div>
        <Input label={t("name")} name="name" required maxLength={SPEC_NAME_MAX} value={v.name} onChange={set("name")} errors={errorsOf("name")} />
        <TextArea
          label={t("description")}
          name="description"
          required
          rows={3}
          maxLength={SPEC_DESCRIPTION_MAX}
          value={v.description}
          onChange={set("description")}
          errors={errorsOf("description")}
          hint={<CharCounter value={v.description} max={SPEC_DESCRIPTION_MAX} />}
        />
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="allowTrial" checked={v.allowTrial} onChange={(e) => setV((old) => ({ ...old, allowTrial: e.target.checked }))} />
          {t("allowTrial")}
          <span className="text-xs text-slate-500">{t("allowTrialHint")}</span>
        </label>
        <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-700">{t("pricePlan")}</legend>
          <p className="text-xs text-slate-500">{t("pricePlanHint")}</p>
          <div className="grid grid-cols-3 gap-3">
            <Input label={t("priceMonthly")} name="priceMonthly" inputMode="decimal" value={v.priceMonthly} onChange={set("priceMonthly")} errors={errorsOf("priceMonthly")} />
            <Input label={t("priceYearly")} name="priceYearly" inputMode="decimal" value={v.priceYearly} onChange={set("priceYearly")} errors={errorsOf("priceYearly")} />
            <Select label={t("currency")} name="currency" value={v.currency} onChange={set("currency")} options={CURRENCIES.map((c) => ({ value: c, label: c }))} errors={errorsOf("currency")} />
          </div>
        </fieldset>
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
