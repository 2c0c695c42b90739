"use client";
import { useMemo, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn, type RowSelectionState } from "@/components/ui/data-table";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ShortId } from "@/components/ui/short-id";
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
  const selectedRows = rows.filter((r) => selected[r.id]);
  const selectedIds = selectedRows.map((r) => r.id);
  // Unbinding offers only the apps some selected device is bound to.
  const boundToSelected = [...new Map(selectedRows.flatMap((r) => r.apps.map((a) => [a.id, a] as const))).values()].sort((a, b) => a.name.localeCompare(b.name));

  const columns = useMemo<DataTableColumn<DeviceRow>[]>(
    () => [
      {
        accessorKey: "id",
        header: t("deviceId"),
        enableSorting: false,
        cell: (c) => <ShortId value={c.getValue<string>()} copyLabel={t("copyDeviceIdOf", { id: c.row.original.nodeId })} copied={t("copied")} />,
      },
      {
        // Name and node ID in one cell, two lines: the list fits a laptop's width.
        accessorKey: "name",
        header: t("nameAndNodeId"),
        cell: (c) => {
          const { id, name, nodeId } = c.row.original;
          return (
            <>
              <Link href={`/workbench/devices/${encodeURIComponent(id)}`} title={name || nodeId} className="block max-w-44 truncate text-blue-700 hover:underline">
                {name || nodeId}
              </Link>
              {name && (
                <span title={nodeId} className="block max-w-44 truncate font-mono text-xs text-slate-500">
                  {nodeId}
                </span>
              )}
            </>
          );
        },
      },
      {
        accessorKey: "productName",
        header: t("product"),
        enableSorting: false,
        cell: (c) => (
          <span title={c.getValue<string>()} className="block max-w-36 truncate">
            {c.getValue<string>()}
          </span>
        ),
      },
      {
        accessorKey: "authType",
        header: t("authAndAccess"),
        enableSorting: false,
        cell: (c) => (
          <>
            <span className="block">{t(`authTypes.${c.getValue<string>()}`)}</span>
            <span className="block text-xs text-slate-500">{c.row.original.secure ? t("secure") : t("insecure")}</span>
          </>
        ),
      },
      {
        // The status with when the device was last seen below it (to the minute; the title has the second).
        accessorKey: "status",
        header: t("statusAndLastSeen"),
        cell: (c) => {
          const at = c.row.original.lastSeenAt;
          return (
            <>
              <span className="block">{t(`statuses.${c.getValue<string>()}`)}</span>
              <span className="block text-xs text-slate-500">
                {at ? (
                  <time dateTime={at} title={format.dateTime(new Date(at), { dateStyle: "medium", timeStyle: "medium" })}>
                    {format.dateTime(new Date(at), { dateStyle: "short", timeStyle: "short" })}
                  </time>
                ) : (
                  t("never")
                )}
              </span>
            </>
          );
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
                <Link
                  key={app.id}
                  href={`/workbench/apps/${app.id}`}
                  className="max-w-36 rounded bg-slate-100 px-1.5 py-0.5 text-xs break-normal text-slate-700 hover:bg-slate-200"
                >
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
        cell: (c) => <time dateTime={c.getValue<string>()}>{format.dateTime(new Date(c.getValue<string>()), { dateStyle: "short", timeStyle: "short" })}</time>,
      },
      {
        id: "actions",
        header: () => <span className="sr-only">{t("actions")}</span>,
        enableSorting: false,
        cell: (c) => (
          <span className="inline-flex gap-1">
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
        <Button variant="secondary" size="sm" disabled={selectedIds.length === 0} onClick={() => setBinding("bind")}>
          {t("bindSelected")}
        </Button>
        <Button variant="secondary" size="sm" disabled={selectedIds.length === 0} onClick={() => setBinding("unbind")}>
          {t("unbindSelected")}
        </Button>
        <Button variant="danger" size="sm" disabled={selectedIds.length === 0} onClick={() => setDeleting(selectedIds)}>
          {t("deleteSelected")}
        </Button>
        <span aria-live="polite">{selectedIds.length > 0 ? t("selectedCount", { count: selectedIds.length }) : null}</span>
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
      {/* Keyed by mode: a choice made for binding is never sent as an unbind. */}
      <BindDialog
        key={binding ?? "closed"}
        mode={binding}
        deviceIds={selectedIds}
        apps={binding === "unbind" ? boundToSelected : apps}
        onClose={() => setBinding(null)}
        onDone={() => {
          setBinding(null);
          setSelected({});
        }}
      />
    </div>
  );
}
