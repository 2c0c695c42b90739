"use client";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { resetAppKeyAction, revealAppKeyAction } from "../actions";

/**
 * The app key, shown once: the one the engine made at the first deploy (on request, while unseen),
 * or one made or replaced here; with how the app's servers use it.
 */
export function AppKeyPanel({ appId, hasKey, unseen, apiUrl, disabled }: { appId: string; hasKey: boolean; unseen: boolean; apiUrl: string; disabled: boolean }) {
  const t = useTranslations("appKeys");
  const tErrors = useTranslations("errors");
  const toast = useToast();
  const [key, setKey] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();

  const run = (act: typeof resetAppKeyAction) =>
    startTransition(async () => {
      const result = await act(appId);
      setConfirming(false);
      if (!result.ok) return toast.show(tErrors(result.message, result.params), "error");
      setKey(result.data!.key);
    });
  const reset = () => run(resetAppKeyAction);

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
      ) : hasKey && unseen ? (
        <div className="space-y-2">
          <p className="text-slate-700">{t("unseen")}</p>
          <Button disabled={pending} onClick={() => run(revealAppKeyAction)}>
            {t("reveal")}
          </Button>
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
