"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState, useTransition } from "react";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { Button, SubmitButton } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { RowMenu } from "@/components/ui/row-menu";
import { useToast } from "@/components/ui/toast";
import { MY_APP_NAME_MAX } from "@/lib/marketplace/schema";
import { deleteMyAppAction, renameMyAppAction } from "../actions";

/** The row's "…": 修改名称 and 删除 (which uninstalls a running instance first, after a confirmation). */
export function MyAppMenu({ app, afterDelete }: { app: { id: string; name: string; running: boolean }; afterDelete?: string }) {
  const t = useTranslations("myApps");
  const tErrors = useTranslations("errors");
  const toast = useToast();
  const router = useRouter();
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const [pending, startTransition] = useTransition();

  const remove = () =>
    startTransition(async () => {
      const result = await deleteMyAppAction(app.id);
      setDialog(null);
      if (!result.ok) return toast.show(tErrors(result.message, result.params), "error");
      toast.show(result.data?.uninstalling ? t("deleting", { name: app.name }) : t("deleted", { name: app.name }));
      if (afterDelete) router.push(afterDelete);
    });

  return (
    <>
      <RowMenu
        label={t("moreFor", { name: app.name })}
        buttonText="…"
        items={[
          { label: t("rename"), onSelect: () => setDialog("rename") },
          { label: t("delete"), onSelect: () => setDialog("delete") },
        ]}
      />
      {dialog === "rename" && <RenameDialog app={app} onClose={() => setDialog(null)} />}
      <ConfirmDialog
        open={dialog === "delete"}
        title={t("deleteTitle", { name: app.name })}
        message={app.running ? t("deleteRunning") : t("deleteText")}
        confirmLabel={t("delete")}
        cancelLabel={t("cancel")}
        pending={pending}
        onConfirm={remove}
        onCancel={() => setDialog(null)}
      />
    </>
  );
}

function RenameDialog({ app, onClose }: { app: { id: string; name: string }; onClose: () => void }) {
  const t = useTranslations("myApps");
  const toast = useToast();
  const [state, submit] = useActionState(renameMyAppAction.bind(null, app.id), null);
  const errorsOf = useFieldErrors(state);
  const [name, setName] = useState(app.name);
  useEffect(() => {
    if (!state?.ok) return;
    toast.show(t("renamed"));
    onClose();
  }, [state, t, toast, onClose]);
  return (
    <Dialog open onClose={onClose} title={t("renameTitle")}>
      <form action={submit} className="space-y-4" noValidate>
        <Input
          label={t("name")}
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={MY_APP_NAME_MAX}
          hint={t("nameCount", { count: [...name].length, max: MY_APP_NAME_MAX })}
          errors={errorsOf("name")}
          autoFocus
        />
        <FormMessage state={state} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t("cancel")}
          </Button>
          <SubmitButton pendingLabel={t("working")}>{t("save")}</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
