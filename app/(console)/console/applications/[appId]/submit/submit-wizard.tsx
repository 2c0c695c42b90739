"use client";
import { useLocale, useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { CharCounter } from "@/components/applications/text-area";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { formatBytes } from "@/components/ui/bytes";
import { Button, SubmitButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FileDrop } from "@/components/ui/file-drop";
import { Input } from "@/components/ui/input";
import type { MediaKind } from "@/db/enums";
import type { ActionResult } from "@/lib/action-result";
import { INTRO_IMAGES_MAX, MEDIA_LIMITS, mediaAccept, mediaFileProblem } from "@/lib/reviews/media-limits";
import { submitForReviewAction } from "./actions";

type SpecOption = { id: string; name: string; type: string; location: string; description: string; status: string; listable: boolean };
const STEP_ONE_FIELDS = ["name", "summary", "logo", "showcase", "intro"];
const IMAGE_FIELDS: MediaKind[] = ["logo", "showcase", "intro"];

/**
 * Two steps in one form, so the chosen files survive moving between them. Each image is checked
 * as it is chosen, with the server's own limits (media-limits.ts); all three are required, which
 * 下一步 checks; the server checks everything again.
 */
export function SubmitWizard({ appId, appName, specs, summaryMax }: { appId: string; appName: string; specs: SpecOption[]; summaryMax: number }) {
  const t = useTranslations("reviews");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const [step, setStep] = useState<1 | 2>(1);
  const [chosen, setChosen] = useState<Record<MediaKind, number>>({ logo: 0, showcase: 0, intro: 0 });
  const [missing, setMissing] = useState<MediaKind[]>([]);
  const [summary, setSummary] = useState("");
  const [state, formAction] = useActionState(async (previous: ActionResult | null, form: FormData) => {
    const result = await submitForReviewAction(appId, previous, form);
    if (!result.ok && Object.keys(result.fieldErrors ?? {}).some((f) => STEP_ONE_FIELDS.includes(f))) setStep(1);
    return result;
  }, null);
  const limits = { logoSize: formatBytes(MEDIA_LIMITS.logo.maxBytes, locale), mediaSize: formatBytes(MEDIA_LIMITS.intro.maxBytes, locale), max: INTRO_IMAGES_MAX };
  const errorsOf = useFieldErrors(state, limits);
  const values = state && !state.ok ? state.values : undefined;
  const imageErrors = (kind: MediaKind) => (missing.includes(kind) ? [tErrors("imageRequired")] : errorsOf(kind));
  const imageField = (kind: MediaKind) => ({
    name: kind,
    label: t(kind),
    accept: mediaAccept(kind),
    check: (file: File) => mediaFileProblem(kind, file),
    errorParams: limits,
    errors: imageErrors(kind),
    onChange: (files: File[]) => {
      setChosen((c) => ({ ...c, [kind]: files.length }));
      setMissing((m) => m.filter((k) => k !== kind));
    },
  });

  function next() {
    const none = IMAGE_FIELDS.filter((kind) => chosen[kind] === 0);
    setMissing(none);
    if (none.length === 0) setStep(2);
  }

  return (
    <form action={formAction} className="max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-6" noValidate>
      <ol className="flex gap-4 text-sm" aria-label={t("steps")}>
        {[1, 2].map((n) => (
          <li key={n} aria-current={step === n ? "step" : undefined} className={cn(step === n ? "font-semibold text-blue-700" : "text-slate-500")}>
            {t(n === 1 ? "stepInfo" : "stepSpecs")}
          </li>
        ))}
      </ol>
      <FormMessage state={state} />
      <fieldset className={cn("space-y-4", step !== 1 && "hidden")}>
        <legend className="sr-only">{t("stepInfo")}</legend>
        <Input label={t("name")} name="name" required maxLength={64} defaultValue={values?.name ?? appName} errors={errorsOf("name")} />
        <FileDrop {...imageField("logo")} hint={t("logoHint", { size: limits.logoSize })} />
        <FileDrop {...imageField("showcase")} hint={t("showcaseHint", { size: limits.mediaSize })} />
        <FileDrop {...imageField("intro")} multiple max={INTRO_IMAGES_MAX} tooManyKey="tooManyIntroImages" hint={t("introHint", { size: limits.mediaSize, max: INTRO_IMAGES_MAX })} />
        <Input
          label={t("summary")}
          name="summary"
          maxLength={summaryMax}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          hint={<CharCounter value={summary} max={summaryMax} />}
          errors={errorsOf("summary")}
        />
        <div className="flex justify-end">
          <Button onClick={next}>{t("next")}</Button>
        </div>
      </fieldset>
      <fieldset className={cn("space-y-4", step !== 2 && "hidden")}>
        <legend className="font-medium">{t("chooseSpecs")}</legend>
        {errorsOf("specIds") && (
          <p role="alert" className="text-sm text-red-600">
            {errorsOf("specIds")!.join(" ")}
          </p>
        )}
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {specs.map((s) => (
            <li key={s.id} className="flex items-start gap-3 p-3 text-sm">
              <input id={`spec-${s.id}`} type="checkbox" name="specIds" value={s.id} disabled={!s.listable} className="mt-1" />
              <label htmlFor={`spec-${s.id}`} className={cn("flex-1", !s.listable && "text-slate-400")}>
                <span className="font-medium">{s.name}</span> · {s.type} · {s.location}
                <span className="block text-slate-500">{s.description}</span>
                {!s.listable && <span className="block text-xs">{t("notTested")}</span>}
              </label>
            </li>
          ))}
        </ul>
        <div className="flex justify-between">
          <Button variant="secondary" onClick={() => setStep(1)}>
            {t("previous")}
          </Button>
          <SubmitButton pendingLabel={t("submitting")}>{t("submit")}</SubmitButton>
        </div>
      </fieldset>
    </form>
  );
}
