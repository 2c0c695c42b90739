"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { Button, SubmitButton } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { DockerFields } from "./docker-fields";
import { KubernetesFields } from "./kubernetes-fields";
import { ListTable } from "@/components/ui/list-table";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import type { DeploymentTarget } from "@/db/schema/deployments";
import { LOCATIONS } from "@/db/enums";
import { checkTargetAction, saveTargetAction } from "../actions";

type TargetRow = Omit<DeploymentTarget, "createdAt"> & { createdAt: string };

export function TargetsManager({ targets }: { targets: TargetRow[] }) {
  const t = useTranslations("targets");
  const tErrors = useTranslations("errors");
  const toast = useToast();
  const [editing, setEditing] = useState<TargetRow | "new" | null>(null);
  const [checking, startCheck] = useTransition();

  function check(target: TargetRow) {
    startCheck(async () => {
      const result = await checkTargetAction(target.id);
      if (result.ok) toast.show(t("reachable", { name: target.name, version: result.data!.version }));
      else toast.show(tErrors(result.message, result.params), "error");
    });
  }

  return (
    <div className="space-y-4">
      <Button onClick={() => setEditing("new")}>{t("add")}</Button>
      <ListTable
        label={t("title")}
        headers={["name", "locations", "provider", "connection", "state", "actions"].map((k) => t(k))}
        empty={targets.length === 0 ? t("empty") : null}
      >
        {targets.map((target) => (
          <tr key={target.id}>
            <td className="px-4 py-3 font-medium">{target.name}</td>
            <td className="px-4 py-3">{target.locations.map((l) => t(`locationNames.${l}`)).join("、")}</td>
            <td className="px-4 py-3">
              {t(`providers.${target.provider}`)}
              {target.provider === "sandbox" && <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-700">{t("simulated")}</span>}
              {typeof target.settings.fallbackReason === "string" && (
                <p className="mt-1 max-w-md text-xs text-amber-800">{t("fallbackReason", { reason: target.settings.fallbackReason })}</p>
              )}
            </td>
            <td className="px-4 py-3 font-mono text-xs">{connectionOf(target)}</td>
            <td className="px-4 py-3">{target.enabled ? t("enabled") : t("disabled")}</td>
            <td className="space-x-2 px-4 py-3 whitespace-nowrap">
              <Button variant="secondary" size="sm" disabled={checking} onClick={() => check(target)}>{t("check")}</Button>
              <Button variant="ghost" size="sm" onClick={() => setEditing(target)}>{t("edit")}</Button>
            </td>
          </tr>
        ))}
      </ListTable>
      {editing && <TargetDialog target={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function connectionOf(target: TargetRow): string {
  const s = target.settings;
  if (target.provider === "kubernetes") return String(s.server ?? "—");
  return String(s.host ? `${s.host}:${s.port ?? 2375}` : (s.socketPath ?? "—"));
}

function TargetDialog({ target, onClose }: { target: TargetRow | null; onClose: () => void }) {
  const t = useTranslations("targets");
  const toast = useToast();
  // React resets the form after each save; a new select (key) starts again from the chosen kind.
  const [round, setRound] = useState(0);
  const [state, action] = useActionState(async (prev: Awaited<ReturnType<typeof saveTargetAction>> | null, form: FormData) => {
    const result = await saveTargetAction(target?.id ?? "", prev, form);
    setRound((r) => r + 1);
    if (result.ok) {
      toast.show(t("saved"));
      onClose();
    }
    return result;
  }, null);
  const errorsOf = useFieldErrors(state);
  const values = state && !state.ok ? state.values : undefined;
  const [provider, setProvider] = useState(values?.provider ?? target?.provider ?? "docker");
  const setting = (key: string) => values?.[key] ?? (target?.settings[key] as string | undefined) ?? "";
  return (
    <Dialog open onClose={onClose} title={target ? t("editTitle", { name: target.name }) : t("add")}>
      <form action={action} className="space-y-4" noValidate>
        <FormMessage state={state} />
        <Input label={t("name")} name="name" defaultValue={values?.name ?? target?.name} errors={errorsOf("name")} />
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">{t("locations")}</legend>
          <div className="mt-1 flex gap-4">
            {LOCATIONS.map((l) => (
              <label key={l} className="flex items-center gap-1 text-sm">
                <input type="checkbox" name="locations" value={l} defaultChecked={target ? target.locations.includes(l) : true} />
                {t(`locationNames.${l}`)}
              </label>
            ))}
          </div>
          {errorsOf("locations") && <p role="alert" className="text-xs text-red-600">{errorsOf("locations")!.join(" ")}</p>}
        </fieldset>
        <Select
          key={round}
          label={t("provider")}
          name="provider"
          // Uncontrolled: a controlled select would show (and submit) its first option after the
          // reset while the fields below still follow the chosen kind.
          defaultValue={provider}
          onChange={(e) => setProvider(e.target.value as typeof provider)}
          options={(["docker", "kubernetes", "sandbox"] as const).map((p) => ({ value: p, label: t(`providers.${p}`) }))}
          errors={errorsOf("provider")}
        />
        {provider === "docker" ? (
          <DockerFields setting={setting} settings={target?.provider === "docker" ? target.settings : {}} errorsOf={errorsOf} />
        ) : provider === "kubernetes" ? (
          <KubernetesFields setting={setting} settings={target?.provider === "kubernetes" ? target.settings : {}} errorsOf={errorsOf} />
        ) : (
          <Input label={t("delayMs")} name="delayMs" defaultValue={setting("delayMs") || "400"} inputMode="numeric" hint={t("sandboxHint")} />
        )}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={target?.enabled ?? true} />
          {t("enabled")}
        </label>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>{t("cancel")}</Button>
          <SubmitButton>{t("save")}</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
