"use client";
import { useId } from "react";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { controlClass, describedBy, FieldShell, Input } from "@/components/ui/input";

type Props = {
  setting: (key: string) => string;
  /** The stored target's settings as the server lets the browser see them ("tlsKeySet", never the key). */
  settings: Record<string, unknown>;
  errorsOf: (field: string) => string[] | undefined;
};

function PemField({ name, label, hint, value, errors, placeholder }: { name: string; label: string; hint?: string; value: string; errors?: string[]; placeholder: string }) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint}>
      <textarea
        id={id}
        name={name}
        rows={3}
        defaultValue={value}
        placeholder={placeholder}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, Boolean(errors?.length), hint)}
        className={cn(controlClass, "font-mono text-xs", errors?.length ? "border-red-500" : "border-slate-300")}
      />
    </FieldShell>
  );
}

/**
 * A Docker target's connection: this machine's socket, or an engine over TCP (host and port) with
 * optional TLS client certificates. A stored key is never sent back: its field stays empty,
 * saying "unchanged", and a blank field keeps it.
 */
export function DockerFields({ setting, settings, errorsOf }: Props) {
  const t = useTranslations("targets");
  const keySet = Boolean(settings.tlsKeySet);
  return (
    <>
      <Input label={t("socketPath")} name="socketPath" defaultValue={setting("socketPath")} placeholder="/var/run/docker.sock" hint={t("socketHint")} />
      <div className="grid grid-cols-2 gap-3">
        <Input label={t("host")} name="host" defaultValue={setting("host")} errors={errorsOf("host")} />
        <Input label={t("port")} name="port" defaultValue={setting("port")} inputMode="numeric" />
      </div>
      <details className="rounded border border-slate-200 px-3 py-2" open={Boolean(settings.tlsCert || errorsOf("tlsCert") || errorsOf("tlsKey"))}>
        <summary className="cursor-pointer text-sm font-medium text-slate-700">{t("tls")}</summary>
        <div className="mt-2 space-y-3">
          <p className="text-xs text-slate-500">{t("tlsHint")}</p>
          <PemField name="tlsCa" label={t("tlsCa")} value={setting("tlsCa")} errors={errorsOf("tlsCa")} placeholder="-----BEGIN CERTIFICATE-----" />
          <PemField name="tlsCert" label={t("tlsCert")} value={setting("tlsCert")} errors={errorsOf("tlsCert")} placeholder="-----BEGIN CERTIFICATE-----" />
          <PemField
            name="tlsKey"
            label={t("tlsKey")}
            value=""
            hint={keySet ? t("tlsKeyKeepHint") : t("tlsKeyHint")}
            errors={errorsOf("tlsKey")}
            placeholder={keySet ? t("unchanged") : "-----BEGIN PRIVATE KEY-----"}
          />
        </div>
      </details>
      <Input label={t("publicHost")} name="publicHost" defaultValue={setting("publicHost")} placeholder="127.0.0.1" hint={t("publicHostHint")} errors={errorsOf("publicHost")} />
      <Input label={t("probeHost")} name="probeHost" defaultValue={setting("probeHost")} placeholder="127.0.0.1" hint={t("probeHostHint")} errors={errorsOf("probeHost")} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="pullFromRegistry" className="mt-1" defaultChecked={settings.pullFromRegistry === true} />
        <span>
          {t("pullFromRegistry")}
          <span className="block text-xs text-slate-500">{t("pullFromRegistryHint")}</span>
        </span>
      </label>
      {errorsOf("settings") && <p role="alert" className="text-xs text-red-600">{errorsOf("settings")!.join(" ")}</p>}
    </>
  );
}
