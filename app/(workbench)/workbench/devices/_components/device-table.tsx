"use client";
import { useMemo, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn, type RowSelectionState } from "@/components/ui/data-table";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { deviceListHref } from "@/lib/devices/list-url";
import type { DeviceListQuery } from "@/lib/devices/schema";
import { deleteDevicesAction } from "../actions";
import { BindDialog } from "./bind-dialog";
import { ResetSecretDialog } from "./reset-secret-dialog";

export type DeviceRow = {
  id: string;
  nodeId: string;
  name: string;
  productName: string;
  authType: "SECRET" | "CERTIFICATES";
  secure: boolean;
  status: "INACTIVE" | "ONLINE" | "OFFLINE";
  lastSeenAt: string | null;
  createdAt: string;
  apps: { id: string; name: string }[];
};

/** The page of devices: server-side sorting through the URL, row selection for batch delete. */
export function DeviceTable({
  rows,
  query,
  filtered,
  apps,
}: {
  rows: DeviceRow[];
  query: DeviceListQuery;
  filtered: boolean;
  /** The buyer's active apps, to bind the selected devices to. */
  apps: { id: string; name: string }[];
}) {
  const t = useTranslations("devices");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const router = useRouter();
  const toast = useToast();
  const [selected, setSelected] = useState<RowSelectionState>({});
  const [deleting, setDeleting] = useState<string[] | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);
  const [binding, setBinding] = useState<"bind" | "unbind" | null>(null);
  const [pending, startTransition] = useTransition();
  const selectedIds = Object.keys(selected).filter((id) => rows.some((r) => r.id === id));

  const columns = useMemo<DataTableColumn<DeviceRow>[]>(
    () => [
      { accessorKey: "id", header: t("deviceId"), enableSorting: false, cell: (c) => <code className="text-xs break-all">{c.getValue<string>()}</code> },
      { accessorKey: "nodeId", header: t("nodeId") },
      {
        accessorKey: "name",
        header: t("deviceName"),
        cell: (c) => (
          <Link href={`/workbench/devices/${encodeURIComponent(c.row.original.id)}`} className="text-blue-700 hover:underline">
            {c.getValue<string>()}
          </Link>
        ),
      },
      { accessorKey: "productName", header: t("product"), enableSorting: false },
      { accessorKey: "authType", header: t("authType"), enableSorting: false, cell: (c) => t(`authTypes.${c.getValue<string>()}`) },
      { accessorKey: "secure", header: t("secureAccess"), enableSorting: false, cell: (c) => (c.getValue<boolean>() ? t("secure") : t("insecure")) },
      { accessorKey: "status", header: t("status"), cell: (c) => t(`statuses.${c.getValue<string>()}`) },
      {
        accessorKey: "lastSeenAt",
        header: t("lastSeen"),
        enableSorting: false,
        cell: (c) => {
          const at = c.getValue<string | null>();
          return at ? format.dateTime(new Date(at), { dateStyle: "medium", timeStyle: "medium" }) : t("never");
        },
      },
      {
        accessorKey: "apps",
        header: t("boundApps"),
        enableSorting: false,
        cell: (c) => {
          const bound = c.getValue<DeviceRow["apps"]>();
          if (bound.length === 0) return <span className="text-slate-400">—</span>;
          return (
            <span className="flex flex-wrap gap-1">
              {bound.map((app) => (
                <Link key={app.id} href={`/workbench/apps/${app.id}`} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-200">
                  {app.name}
                </Link>
              ))}
            </span>
          );
        },
      },
      {
        accessorKey: "createdAt",
        header: t("created"),
        cell: (c) => format.dateTime(new Date(c.getValue<string>()), { dateStyle: "medium", timeStyle: "short" }),
      },
      {
        id: "actions",
        header: () => <span className="sr-only">{t("actions")}</span>,
        enableSorting: false,
        cell: (c) => (
          <span className="flex gap-2 whitespace-nowrap">
            {c.row.original.authType === "SECRET" && (
              <Button variant="ghost" size="sm" aria-label={t("resetSecretOf", { id: c.row.original.nodeId })} onClick={() => setResetting(c.row.original.id)}>
                {t("resetSecret")}
              </Button>
            )}
            <Button variant="ghost" size="sm" aria-label={t("deleteOf", { id: c.row.original.nodeId })} onClick={() => setDeleting([c.row.original.id])}>
              {t("delete")}
            </Button>
          </span>
        ),
      },
    ],
    [t, format],
  );

  function confirmDelete() {
    if (!deleting) return;
    startTransition(async () => {
      const result = await deleteDevicesAction(deleting);
      setDeleting(null);
      if (result.ok) {
        setSelected({});
        toast.show(t("deleted", { count: result.data?.deleted ?? 0 }));
        router.refresh();
      } else toast.show(tErrors(result.message), "error");
    });
  }

  return (
    <div className="space-y-3">
      <div className="flex min-h-8 items-center gap-3 text-sm">
        <span aria-live="polite">{selectedIds.length > 0 ? t("selectedCount", { count: selectedIds.length }) : null}</span>
        <Button variant="secondary" size="sm" disabled={selectedIds.length === 0} onClick={() => setBinding("bind")}>
          {t("bindSelected")}
        </Button>
        <Button variant="secondary" size="sm" disabled={selectedIds.length === 0} onClick={() => setBinding("unbind")}>
          {t("unbindSelected")}
        </Button>
        <Button variant="danger" size="sm" disabled={selectedIds.length === 0} onClick={() => setDeleting(selectedIds)}>
          {t("deleteSelected")}
        </Button>
      </div>
      <DataTable
        label={t("listLabel")}
        columns={columns}
        data={rows}
        getRowId={(r) => r.id}
        empty={filtered ? t("emptyFiltered") : t("empty")}
        sort={{ id: query.sort, desc: query.dir === "desc" }}
        onSortChange={(next) =>
          router.push(deviceListHref({ ...query, page: 1, sort: (next?.id ?? "createdAt") as DeviceListQuery["sort"], dir: next && !next.desc ? "asc" : "desc" }))
        }
        selection={{ selected, onChange: setSelected, rowLabel: (r) => t("selectDevice", { id: r.nodeId }), allLabel: t("selectPage") }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteTitle", { count: deleting?.length ?? 0 })}
        message={t("deleteText", { count: deleting?.length ?? 0 })}
        confirmLabel={t("delete")}
        cancelLabel={t("cancel")}
        pending={pending}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
      />
      <ResetSecretDialog deviceId={resetting} onClose={() => setResetting(null)} />
      <BindDialog
        mode={binding}
        deviceIds={selectedIds}
        apps={apps}
        onClose={() => setBinding(null)}
        onDone={() => {
          setBinding(null);
          setSelected({});
        }}
      />
    </div>
  );
}
