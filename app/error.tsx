"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("status");
  return (
    <section className="mx-auto max-w-lg space-y-3 text-center">
      <h1 className="text-2xl font-semibold">{t("errorTitle")}</h1>
      <p className="text-slate-600">{t("errorText")}</p>
      {error.digest && <p className="font-mono text-xs text-slate-400">{error.digest}</p>}
      <Button onClick={reset}>{t("retry")}</Button>
    </section>
  );
}
