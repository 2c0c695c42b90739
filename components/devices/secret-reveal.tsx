"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

function CopyRow({ label, value }: { label: string; value: string }) {
  const t = useTranslations("devices");
  const toast = useToast();
  return (
    <div className="space-y-1">
      <p className="text-xs font-medium text-slate-500">{label}</p>
      <div className="flex items-center gap-2">
        <code aria-label={label} className="block flex-1 rounded bg-slate-100 p-2 font-mono text-xs break-all">
          {value}
        </code>
        <Button
          variant="secondary"
          size="sm"
          aria-label={t("copyLabel", { what: label })}
          onClick={() => navigator.clipboard?.writeText(value).then(() => toast.show(t("copied")))}
        >
          {t("copy")}
        </Button>
      </div>
    </div>
  );
}

/**
 * The device ID and its secret, shown once after registration or a reset, with the seed's
 * warning: the server cannot show a secret again, only reset it.
 */
export function SecretReveal({ deviceId, secret }: { deviceId: string; secret: string | null }) {
  const t = useTranslations("devices");
  return (
    <div className="space-y-3">
      <CopyRow label={t("deviceId")} value={deviceId} />
      {secret ? (
        <>
          <CopyRow label={t("secret")} value={secret} />
          <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-amber-800">
            {t("secretWarning")}
          </p>
        </>
      ) : (
        <p className="text-slate-600">{t("noSecret")}</p>
      )}
    </div>
  );
}
