"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SecretReveal } from "@/components/devices/secret-reveal";
import { Button, SubmitButton } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { resetSecretAction } from "../actions";

/** 重置密钥: a new secret, typed or generated, shown once. */
export function ResetSecretDialog({ deviceId, onClose }: { deviceId: string | null; onClose: () => void }) {
  const t = useTranslations("devices");
  return (
    <Dialog open={deviceId !== null} onClose={onClose} title={t("resetSecretTitle")}>
      {/* Keyed by device so each opening starts with a fresh form and no old secret. */}
      {deviceId && <ResetSecretForm key={deviceId} deviceId={deviceId} onClose={onClose} />}
    </Dialog>
  );
}

function ResetSecretForm({ deviceId, onClose }: { deviceId: string; onClose: () => void }) {
  const t = useTranslations("devices");
  const [state, reset] = useActionState(resetSecretAction, null);
  const errorsOf = useFieldErrors(state);

  if (state?.ok && state.data) {
    return (
      <div className="space-y-4">
        <p>{t("resetDone")}</p>
        <SecretReveal deviceId={state.data.deviceId} secret={state.data.secret} />
        <div className="flex justify-end">
          <Button onClick={onClose}>
            {t("savedIt")}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <form action={reset} className="space-y-3" noValidate>
      <p>{t("resetSecretText")}</p>
      <input type="hidden" name="deviceId" value={deviceId} />
      <Input label={t("newSecret")} name="secret" type="password" autoComplete="new-password" hint={t("secretHint")} errors={errorsOf("secret")} />
      <Input label={t("secretConfirm")} name="secretConfirm" type="password" autoComplete="new-password" errors={errorsOf("secretConfirm")} />
      <FormMessage state={state} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          {t("cancel")}
        </Button>
        <SubmitButton pendingLabel={t("working")}>{t("resetSecret")}</SubmitButton>
      </div>
    </form>
  );
}
