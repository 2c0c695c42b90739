"use client";
import Link from "next/link";
import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import { Outputs } from "@/components/deploy/deployment-progress";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { Button, SubmitButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import type { OrderTerm } from "@/db/enums";
import { experienceAction, orderAction, trialAction } from "../actions";

/** A listed spec as the choice pages show it; prices are formatted on the server. */
export type SpecChoice = {
  id: string;
  name: string;
  kind: string;
  description: string;
  prices: { term: OrderTerm; label: string }[];
  free: boolean;
};

function SpecRadios({ specs, selected, onSelect, errors }: { specs: SpecChoice[]; selected: string; onSelect: (id: string) => void; errors?: string[] }) {
  const t = useTranslations("marketFlows");
  return (
    <fieldset className="space-y-2">
      <legend className="mb-2 text-sm font-medium text-slate-700">{t("chooseSpec")}</legend>
      {specs.map((s) => (
        <label
          key={s.id}
          className={cn("flex cursor-pointer gap-3 rounded-lg border bg-white p-4 text-sm", selected === s.id ? "border-blue-600 ring-2 ring-blue-600/20" : "border-slate-200")}
        >
          <input type="radio" name="specId" value={s.id} checked={selected === s.id} onChange={() => onSelect(s.id)} className="mt-1" />
          <span className="space-y-1">
            <span className="block font-medium">{s.name}</span>
            <span className="block text-slate-600">{s.kind}</span>
            <span className="block">{s.description}</span>
            <span className="block font-medium">{s.free ? t("free") : s.prices.map((p) => p.label).join(" · ")}</span>
          </span>
        </label>
      ))}
      {errors?.length ? (
        <p role="alert" className="text-xs text-red-600">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

/** 7天试用: choose a spec that allows a trial; "确定" makes the app and opens its setup. */
export function TrialForm({ listingId, specs }: { listingId: string; specs: SpecChoice[] }) {
  const t = useTranslations("marketFlows");
  const [state, submit] = useActionState(trialAction.bind(null, listingId), null);
  const errorsOf = useFieldErrors(state);
  const [selected, setSelected] = useState((state && !state.ok && state.values?.specId) || specs[0]?.id || "");
  return (
    <form action={submit} className="max-w-2xl space-y-4" noValidate>
      <SpecRadios specs={specs} selected={selected} onSelect={setSelected} errors={errorsOf("specId")} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel={t("working")}>{t("confirmTrial")}</SubmitButton>
    </form>
  );
}

/** 购买: a spec and a term at the spec's price; the order then waits for payment. */
export function OrderForm({ listingId, specs }: { listingId: string; specs: SpecChoice[] }) {
  const t = useTranslations("marketFlows");
  const [state, submit] = useActionState(orderAction.bind(null, listingId), null);
  const errorsOf = useFieldErrors(state);
  const [selected, setSelected] = useState((state && !state.ok && state.values?.specId) || specs[0]?.id || "");
  const spec = specs.find((s) => s.id === selected);
  const terms: { term: OrderTerm; label: string }[] = spec?.free ? [{ term: "monthly", label: t("terms.monthly") }, { term: "yearly", label: t("terms.yearly") }] : (spec?.prices ?? []);
  return (
    <form action={submit} className="max-w-2xl space-y-4" noValidate>
      <SpecRadios specs={specs} selected={selected} onSelect={setSelected} errors={errorsOf("specId")} />
      <fieldset className="space-y-2">
        <legend className="mb-2 text-sm font-medium text-slate-700">{t("chooseTerm")}</legend>
        {terms.map((p, i) => (
          <label key={`${selected}-${p.term}`} className="flex items-center gap-2 text-sm">
            <input type="radio" name="term" value={p.term} defaultChecked={i === 0} />
            {p.label}
          </label>
        ))}
        {errorsOf("term")?.map((e) => (
          <p key={e} role="alert" className="text-xs text-red-600">
            {e}
          </p>
        ))}
      </fieldset>
      <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{spec?.free ? t("freeNote") : t("offlinePayment")}</p>
      <FormMessage state={state} />
      <SubmitButton pendingLabel={t("working")}>{t("placeOrder")}</SubmitButton>
    </form>
  );
}

/** 免费体验: tick the agreement, "立即体验", and the shared instance's access shows in a dialog. */
export function ExperienceForm({ listingId, simulated }: { listingId: string; simulated: boolean }) {
  const t = useTranslations("marketFlows");
  const [state, submit] = useActionState(experienceAction.bind(null, listingId), null);
  const [closed, setClosed] = useState<unknown>(null);
  const errorsOf = useFieldErrors(state);
  // React resets a form after its action; the default follows the box so it stays ticked.
  const [agreed, setAgreed] = useState(false);
  return (
    <form action={submit} className="max-w-2xl space-y-4" noValidate>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="agree" defaultChecked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
        <span>
          {t.rich("agree", {
            link: (chunks) => (
              <Link href="/market/agreement" target="_blank" className="text-blue-700 underline">
                {chunks}
              </Link>
            ),
          })}
        </span>
      </label>
      {errorsOf("agree")?.map((e) => (
        <p key={e} role="alert" className="text-xs text-red-600">
          {e}
        </p>
      ))}
      <FormMessage state={state} />
      <SubmitButton pendingLabel={t("working")}>{t("startExperience")}</SubmitButton>
      <Dialog
        open={Boolean(state?.ok) && closed !== state}
        onClose={() => setClosed(state)}
        title={t("experienceReady")}
        footer={<Button onClick={() => setClosed(state)}>{t("close")}</Button>}
      >
        <div className="space-y-3">
          <p>{t("experienceShared")}</p>
          {state?.ok && <Outputs outputs={state.data ?? []} simulated={simulated} />}
        </div>
      </Dialog>
    </form>
  );
}
