"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { ApplicationDialog, type IndustryOption } from "@/components/applications/application-dialog";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { deleteApplicationAction, updateApplicationAction } from "../../actions";

type App = { id: string; name: string; industry: string; scenario: string; description: string };

/** "编辑应用信息" and "删除" (with confirmation; the server refuses once published). */
export function ApplicationActions({ app, published, industries }: { app: App; published: boolean; industries: IndustryOption[] }) {
  const t = useTranslations("applications");
  const tErrors = useTranslations("errors");
  const toast = useToast();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [pending, startTransition] = useTransition();

  function confirmDelete() {
    startTransition(async () => {
      const result = await deleteApplicationAction(app.id);
      setDeleting(false);
      if (!result.ok) toast.show(tErrors(result.message, result.params), "error");
    });
  }

  return (
    <div className="flex gap-2">
      <Button variant="secondary" onClick={() => setEditing(true)}>
        {t("edit")}
      </Button>
      <Button variant="danger" onClick={() => setDeleting(true)} title={published ? tErrors("applicationPublished") : undefined}>
        {t("delete")}
      </Button>
      {editing && (
        <ApplicationDialog
          open
          onClose={() => setEditing(false)}
          title={t("editTitle")}
          action={updateApplicationAction.bind(null, app.id)}
          industries={industries}
          initial={app}
          onSaved={() => {
            setEditing(false);
            toast.show(t("saved"));
            router.refresh();
          }}
        />
      )}
      <ConfirmDialog
        open={deleting}
        title={t("deleteTitle")}
        message={t("deleteText", { name: app.name })}
        confirmLabel={t("delete")}
        cancelLabel={t("cancel")}
        pending={pending}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(false)}
      />
    </div>
  );
}
