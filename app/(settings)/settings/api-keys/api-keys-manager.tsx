"use client";
import { useActionState, useMemo, useState, useTransition } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { Button, SubmitButton } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

type KeyRow = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null };

export function ApiKeysManager({ keys }: { keys: KeyRow[] }) {
  const t = useTranslations("apiKeys");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const toast = useToast();
  const [state, create] = useActionState(createApiKeyAction, null);
  const errorsOf = useFieldErrors(state);
  // The new key is shown until dismissed; it lives only in this action result, never on the server.
  const [dismissedKey, setDismissedKey] = useState<string | null>(null);
  const newKey = state?.ok ? state.data?.key : undefined;
  const shownKey = newKey && newKey !== dismissedKey ? newKey : null;
  const [revoking, setRevoking] = useState<KeyRow | null>(null);
  const [pending, startTransition] = useTransition();

  const columns = useMemo<DataTableColumn<KeyRow>[]>(() => {
    const date = (iso: string) => <time dateTime={iso}>{format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" })}</time>;
    return [
      { accessorKey: "name", header: t("name") },
      { accessorKey: "prefix", header: t("prefix"), cell: (c) => <code>{c.getValue<string>()}…</code> },
      { accessorKey: "createdAt", header: t("created"), cell: (c) => date(c.getValue<string>()) },
      {
        accessorKey: "lastUsedAt",
        header: t("lastUsed"),
        cell: (c) => (c.getValue<string | null>() ? date(c.getValue<string>()) : t("never")),
      },
      {
        id: "actions",
        header: () => <span className="sr-only">{t("actions")}</span>,
        enableSorting: false,
        cell: (c) => (
          <Button variant="secondary" size="sm" onClick={() => setRevoking(c.row.original)}>
            {t("revoke")}
          </Button>
        ),
      },
    ];
  }, [t, format]);

  function confirmRevoke() {
    if (!revoking) return;
    startTransition(async () => {
      const result = await revokeApiKeyAction(revoking.id);
      setRevoking(null);
      toast.show(result.ok ? t("revoked", { name: revoking.name }) : tErrors(result.message), result.ok ? "success" : "error");
    });
  }

  const values = state && !state.ok ? state.values : undefined;
  return (
    <div className="space-y-6">
      <form action={create} className="flex max-w-xl items-end gap-3" noValidate>
        <div className="flex-1">
          <Input label={t("name")} name="name" maxLength={64} defaultValue={values?.name} errors={errorsOf("name")} placeholder={t("namePlaceholder")} />
        </div>
        <SubmitButton pendingLabel={t("creating")}>{t("create")}</SubmitButton>
      </form>
      <FormMessage state={state} />

      <DataTable label={t("title")} columns={columns} data={keys} getRowId={(k) => k.id} empty={t("empty")} />

      <Dialog
        open={shownKey !== null}
        onClose={() => setDismissedKey(newKey ?? null)}
        title={t("createdTitle")}
        footer={<Button onClick={() => setDismissedKey(newKey ?? null)}>{t("saved")}</Button>}
      >
        <p>{t("createdText")}</p>
        <div className="mt-3 flex items-center gap-2">
          <code aria-label={t("newKey")} className="block flex-1 rounded bg-slate-100 p-2 font-mono text-xs break-all">
            {shownKey}
          </code>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => shownKey && navigator.clipboard?.writeText(shownKey).then(() => toast.show(t("copied")))}
          >
            {t("copy")}
          </Button>
        </div>
      </Dialog>

      <ConfirmDialog
        open={revoking !== null}
        title={t("revokeTitle")}
        message={t("revokeText", { name: revoking?.name ?? "" })}
        confirmLabel={t("revoke")}
        cancelLabel={t("cancel")}
        pending={pending}
        onConfirm={confirmRevoke}
        onCancel={() => setRevoking(null)}
      />
    </div>
  );
}
