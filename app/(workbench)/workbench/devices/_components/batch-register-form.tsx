"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Button, SubmitButton } from "@/components/ui/button";
import { FileDrop } from "@/components/ui/file-drop";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { batchFileProblem } from "@/lib/devices/batch/file-rules";
import { registerBatchAction } from "../actions";

/**
 * 批量注册: a CSV or XLSX becomes a batch task; on success the action opens its page. Its type and
 * size are checked as it is chosen (file-rules.ts), its rows by the server.
 */
export function BatchRegisterForm({ onClose }: { onClose: () => void }) {
  const t = useTranslations("devices");
  const [state, upload] = useActionState(registerBatchAction, null);
  const errorsOf = useFieldErrors(state);
  return (
    <form action={upload} className="space-y-3" noValidate>
      <p>{t("batchText")}</p>
      <p>
        <a href="/workbench/devices/template" download className="text-blue-700 underline">
          {t("downloadTemplate")}
        </a>
      </p>
      <FileDrop
        label={t("batchFile")}
        name="file"
        accept=".csv,.xlsx"
        check={(file) => batchFileProblem(file.name, file.size)}
        hint={t("batchFileHint")}
        errors={errorsOf("file")}
      />
      <FormMessage state={state} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          {t("cancel")}
        </Button>
        <SubmitButton pendingLabel={t("uploading")}>{t("submitBatch")}</SubmitButton>
      </div>
    </form>
  );
}
