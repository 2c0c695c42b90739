"use client";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { resetAppKeyAction } from "../actions";

/** The app key: made or replaced here and shown once, with how the app's servers use it. */
export function AppKeyPanel({ appId, hasKey, apiUrl, disabled }: { appId: string; hasKey: boolean; apiUrl: string; disabled: boolean }) {
  const t = useTranslations("appKeys");
  const tErrors = useTranslations("errors");
  const toast = useToast();
  const [key, setKey] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();

  const reset = () =>
    startTransition(async () => {
      const result = await resetAppKeyAction(appId);
      setConfirming(false);
      if (!result.ok) return toast.show(tErrors(result.message, result.params), "error");
      setKey(result.data!.key);
    });

  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 text-sm">
      <h2 className="text-lg font-medium">{t("title")}</h2>
      <p className="text-slate-600">{t("intro", { url: apiUrl })}</p>
      {key ? (
        <div className="space-y-2">
          <div className="flex items-center gap-2">
            <code aria-label={t("key")} className="block flex-1 rounded bg-slate-100 p-2 font-mono text-xs break-all">
              {key}
            </code>
            <Button variant="secondary" size="sm" onClick={() => navigator.clipboard?.writeText(key).then(() => toast.show(t("copied")))}>
              {t("copy")}
            </Button>
          </div>
          <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
            {t("shownOnce")}
          </p>
        </div>
      ) : (
        <p className="text-slate-700">{hasKey ? t("exists") : t("none")}</p>
      )}
      <Button variant={hasKey || key ? "secondary" : "primary"} disabled={disabled || pending} onClick={() => (hasKey || key ? setConfirming(true) : reset())}>
        {hasKey || key ? t("reset") : t("create")}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={t("resetTitle")}
        message={t("resetText")}
        confirmLabel={t("reset")}
        cancelLabel={t("cancel")}
        pending={pending}
        onConfirm={reset}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
