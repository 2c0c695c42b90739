"use client";
import { useId } from "react";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { FileDrop } from "@/components/ui/file-drop";
import { controlClass, describedBy, FieldShell, Input } from "@/components/ui/input";

type Props = {
  setting: (key: string) => string;
  /** The stored target's settings as the server lets the browser see them ("tokenSet", never the token). */
  settings: Record<string, unknown>;
  errorsOf: (field: string) => string[] | undefined;
};

/**
 * A Kubernetes target's connection: API server URL, CA and token, or an uploaded kubeconfig. A
 * stored token is never sent back: its field stays empty, saying "unchanged", and a blank field
 * keeps it.
 */
export function KubernetesFields({ setting, settings, errorsOf }: Props) {
  const t = useTranslations("targets");
  const caId = useId();
  const caErrors = errorsOf("caData");
  const hasCredentials = Boolean(settings.tokenSet || settings.clientKeySet);
  return (
    <>
      <Input label={t("server")} name="server" defaultValue={setting("server")} placeholder="https://10.0.0.1:6443" errors={errorsOf("server")} />
      <FieldShell id={caId} label={t("caData")} errors={caErrors} hint={t("caDataHint")}>
        <textarea
          id={caId}
          name="caData"
          rows={4}
          defaultValue={setting("caData")}
          placeholder="-----BEGIN CERTIFICATE-----"
          aria-invalid={caErrors?.length ? true : undefined}
          aria-describedby={describedBy(caId, Boolean(caErrors?.length), t("caDataHint"))}
          className={cn(controlClass, "font-mono text-xs", caErrors?.length ? "border-red-500" : "border-slate-300")}
        />
      </FieldShell>
      <Input
        label={t("token")}
        name="token"
        type="password"
        autoComplete="off"
        placeholder={hasCredentials ? t("unchanged") : ""}
        hint={hasCredentials ? t("tokenKeepHint") : t("tokenHint")}
        errors={errorsOf("token")}
      />
      <FileDrop label={t("kubeconfig")} name="kubeconfigFile" accept=".yaml,.yml,.conf,.config,text/plain,application/yaml" hint={t("kubeconfigHint")} errors={errorsOf("kubeconfig")} />
      <Input label={t("nodeAddress")} name="nodeAddress" defaultValue={setting("nodeAddress")} hint={t("nodeAddressHint")} errors={errorsOf("nodeAddress")} />
      <Input label={t("readyTimeoutMs")} name="readyTimeoutMs" defaultValue={setting("readyTimeoutMs")} placeholder="120000" inputMode="numeric" errors={errorsOf("readyTimeoutMs")} />
    </>
  );
}
