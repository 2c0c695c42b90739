"use client";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { Button, SubmitButton } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FileDrop } from "@/components/ui/file-drop";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/action-result";
import { MAX_ZIP_BYTES, SPEC_NAME_MAX } from "@/lib/specs/schema";
import { importSpecAction } from "../../actions";

type Result = ActionResult<{ name: string; unresolved: string[] }>;

/** "导入": an exported .zip becomes a new draft spec of this application. */
export function ImportDialog({ appId, onClose, onImported }: { appId: string; onClose: () => void; onImported: (name: string, unresolved: string[]) => void }) {
  const t = useTranslations("specs");
  const tErrors = useTranslations("errors");
  const [state, formAction] = useActionState<Result | null, FormData>(importSpecAction.bind(null, appId), null);
  const errorsOf = useFieldErrors(state);
  const [name, setName] = useState("");

  useEffect(() => {
    if (state?.ok && state.data) onImported(state.data.name, state.data.unresolved);
    // Only a new result counts, not a new callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  // spec.json problems are paths into the file, e.g. "graph.nodes.0.type".
  const fileProblems = state && !state.ok ? Object.entries(state.fieldErrors ?? {}).filter(([field]) => field !== "file" && field !== "name") : [];
  return (
    <Dialog open onClose={onClose} title={t("importTitle")}>
      <form action={formAction} className="space-y-4" noValidate>
        <FormMessage state={state} />
        {fileProblems.length > 0 && (
          <ul className="list-disc space-y-1 pl-5 text-xs text-red-700">
            {fileProblems.map(([field, keys]) => (
              <li key={field}>
                <code>{field}</code>: {keys.map((k) => tErrors(k)).join(" ")}
              </li>
            ))}
          </ul>
        )}
        <FileDrop
          label={t("importFile")}
          name="file"
          accept=".zip,application/zip"
          check={(file) => (file.size > MAX_ZIP_BYTES ? "zipTooLarge" : null)}
          errors={errorsOf("file")}
          hint={t("importHint")}
        />
        <Input label={t("importName")} name="name" maxLength={SPEC_NAME_MAX} value={name} onChange={(e) => setName(e.target.value)} errors={errorsOf("name")} hint={t("importNameHint")} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t("cancel")}
          </Button>
          <SubmitButton pendingLabel={t("importing")}>
            {t("import")}
          </SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
