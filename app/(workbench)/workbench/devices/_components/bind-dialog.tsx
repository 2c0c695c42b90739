"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { bindDevicesAction } from "../actions";

/**
 * 绑定应用 / 解绑应用: the selected devices to or from one of the buyer's apps. Binding offers the
 * buyer's active apps; unbinding only the apps the selected devices are bound to (the caller passes
 * each list), and says so when there are none.
 */
export function BindDialog({
  mode,
  deviceIds,
  apps,
  onClose,
  onDone,
}: {
  mode: "bind" | "unbind" | null;
  deviceIds: string[];
  apps: { id: string; name: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useTranslations("devices");
  const tErrors = useTranslations("errors");
  const toast = useToast();
  const router = useRouter();
  const [appId, setAppId] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const bind = mode === "bind";

  function submit() {
    if (!appId) return setError(t("appRequired"));
    startTransition(async () => {
      const result = await bindDevicesAction(appId, deviceIds, bind);
      if (!result.ok) return setError(tErrors(result.message, result.params));
      toast.show(t(bind ? "bound" : "unbound", { count: result.data?.count ?? 0 }));
      setAppId("");
      setError(undefined);
      onDone();
      router.refresh();
    });
  }

  return (
    <Dialog
      open={mode !== null}
      onClose={onClose}
      title={t(bind ? "bindTitle" : "unbindTitle", { count: deviceIds.length })}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("cancel")}
          </Button>
          {apps.length > 0 && (
            <Button disabled={pending} aria-busy={pending} onClick={submit}>
              {t(bind ? "bind" : "unbind")}
            </Button>
          )}
        </>
      }
    >
      {apps.length === 0 ? (
        <p>
          {bind ? t.rich("noApps", { link: (chunks) => <Link href="/market" className="text-blue-700 underline">{chunks}</Link> }) : t("unbindNone")}
        </p>
      ) : (
        <div className="space-y-3">
          <p>{t(bind ? "bindText" : "unbindText")}</p>
          <Select
            label={t("app")}
            value={appId}
            onChange={(e) => {
              setAppId(e.target.value);
              setError(undefined);
            }}
            options={apps.map((a) => ({ value: a.id, label: a.name }))}
            placeholder={t("chooseApp")}
            errors={error ? [error] : undefined}
          />
        </div>
      )}
    </Dialog>
  );
}
