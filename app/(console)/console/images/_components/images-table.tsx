"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Fragment, useState, useTransition } from "react";
import { formatBytes } from "@/components/ui/bytes";
import { usePolling } from "@/components/ui/auto-refresh";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import type { ImageListPage } from "@/lib/images/queries";
import { deleteImageVersionAction } from "../actions";

type Serialized<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
type ImageRow = Omit<Serialized<ImageListPage["images"][number]>, "versions"> & {
  versions: (Omit<Serialized<ImageListPage["images"][number]["versions"][number]>, "interrupted"> & { interrupted: { expiresAt: string } | null })[];
};
type VersionRow = ImageRow["versions"][number];

const STATUS_STYLE = {
  uploading: "bg-blue-50 text-blue-700",
  validating: "bg-amber-50 text-amber-700",
  ready: "bg-emerald-50 text-emerald-700",
  failed: "bg-red-50 text-red-700",
} as const;
const REFRESH_MS = 2000;

export function ImagesTable({
  images,
  sort,
  dir,
  sortHrefs,
  empty,
}: {
  images: ImageRow[];
  sort: string;
  dir: "asc" | "desc";
  sortHrefs: Record<string, string>;
  empty: string;
}) {
  const t = useTranslations("images");
  const tReasons = useTranslations("imageErrors");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const [deleting, setDeleting] = useState<{ image: ImageRow; version: VersionRow } | null>(null);
  const [pending, startTransition] = useTransition();
  const inUse = deleting && deleting.version.linkedSpecs.length > 0 ? deleting : null;

  // Validation runs in the background: refresh until no version is waiting for it.
  const validating = images.some((i) => i.versions.some((v) => v.status === "validating"));
  usePolling(() => router.refresh(), { active: validating, everyMs: REFRESH_MS });

  const date = (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : "—");
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  function confirmDelete() {
    if (!deleting) return;
    const { image, version } = deleting;
    startTransition(async () => {
      const result = await deleteImageVersionAction(image.id, version.version);
      setDeleting(null);
      if (result.ok) toast.show(t("deleted", { name: image.name, version: version.version }));
      else toast.show(tErrors(result.message, result.params), "error");
    });
  }

  const header = (key: "name" | "updated" | "size", label: string) => (
    <th scope="col" aria-sort={sort === key ? (dir === "asc" ? "ascending" : "descending") : undefined} className="px-4 py-3 text-left font-medium text-slate-600">
      <Link href={sortHrefs[key]} className="hover:text-slate-900">
        {label}
        {sort === key ? (dir === "asc" ? " ▲" : " ▼") : null}
      </Link>
    </th>
  );

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table aria-label={t("title")} className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            {header("name", t("name"))}
            <th scope="col" className="px-4 py-3 text-left font-medium text-slate-600">{t("latestVersion")}</th>
            {header("size", t("totalSize"))}
            {header("updated", t("updated"))}
            <th scope="col" className="px-4 py-3 text-left font-medium text-slate-600">{t("versions")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {images.length === 0 && (
            <tr>
              <td colSpan={5} className="px-4 py-10 text-center text-slate-500">{empty}</td>
            </tr>
          )}
          {images.map((image) => {
            const expanded = open.has(image.id);
            return (
              <Fragment key={image.id}>
                <tr className="hover:bg-slate-50">
                  <td className="px-4 py-3 font-medium">
                    {image.name}
                    {image.kind === "vm" && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{t("kinds.vm")}</span>}
                  </td>
                  <td className="px-4 py-3">{image.versions[0]?.version ?? "—"}</td>
                  <td className="px-4 py-3">{formatBytes(image.totalSize, locale)}</td>
                  <td className="px-4 py-3">{date(image.updatedAt)}</td>
                  <td className="px-4 py-3">
                    <Button variant="ghost" size="sm" aria-expanded={expanded} aria-controls={`versions-${image.id}`} onClick={() => toggle(image.id)}>
                      {expanded ? "▾" : "▸"} {image.versionCount}
                      <span className="sr-only">{t(expanded ? "hideVersions" : "showVersions", { name: image.name })}</span>
                    </Button>
                  </td>
                </tr>
                {expanded && (
                  <tr id={`versions-${image.id}`}>
                    <td colSpan={5} className="bg-slate-50 px-4 py-3">
                      <table aria-label={`${image.name} ${t("versions")}`} className="min-w-full text-sm">
                        <thead>
                          <tr className="text-left text-slate-500">
                            {["version", "status", "linkedSpecs", "size", "uploadedAt", "actions"].map((k) => (
                              <th key={k} scope="col" className="px-3 py-2 font-medium">{t(k)}</th>
                            ))}
                          </tr>
                        </thead>
                        <tbody>
                          {image.versions.map((v) => (
                            <tr key={v.id} className="border-t border-slate-200">
                              <td className="px-3 py-2 font-mono">{v.version}</td>
                              <td className="px-3 py-2">
                                {v.interrupted ? (
                                  <>
                                    <span className="rounded bg-orange-50 px-2 py-0.5 text-xs font-medium text-orange-800">{t("interrupted")}</span>
                                    <p className="mt-1 max-w-md text-xs text-slate-600">
                                      {t("interruptedHint", { file: v.fileName, expires: date(v.interrupted.expiresAt) })}
                                    </p>
                                  </>
                                ) : (
                                  <span className={cn("rounded px-2 py-0.5 text-xs font-medium", STATUS_STYLE[v.status])}>{t(`statuses.${v.status}`)}</span>
                                )}
                                {image.kind === "vm" && v.status === "ready" && <span className="ml-2 text-xs text-slate-500">{t("notDeployable")}</span>}
                                {v.failureCode && <p className="mt-1 max-w-md text-xs text-red-700">{tReasons(v.failureCode, { detail: v.failureDetail ?? "" })}</p>}
                              </td>
                              <td className="px-3 py-2">
                                {v.linkedSpecs.length ? (
                                  <LinkedSpecList specs={v.linkedSpecs} />
                                ) : (
                                  t("noLinks")
                                )}
                              </td>
                              <td className="px-3 py-2">{formatBytes(v.size, locale)}</td>
                              <td className="px-3 py-2">{date(v.createdAt)}</td>
                              <td className="px-3 py-2">
                                <Button variant="secondary" size="sm" onClick={() => setDeleting({ image, version: v })}>
                                  {t("delete")}
                                </Button>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {/* A version that specs use cannot go: say so, and by which specs, before asking anything. */}
      <Dialog
        open={inUse !== null}
        onClose={() => setDeleting(null)}
        title={t("inUseTitle", { name: inUse?.image.name ?? "", version: inUse?.version.version ?? "" })}
        footer={<Button onClick={() => setDeleting(null)}>{t("close")}</Button>}
      >
        <p>{t("inUseText")}</p>
        <LinkedSpecList specs={inUse?.version.linkedSpecs ?? []} className="mt-2 list-disc pl-5" />
      </Dialog>
      <ConfirmDialog
        open={deleting !== null && inUse === null}
        title={t("deleteTitle")}
        message={t("deleteText", { name: deleting?.image.name ?? "", version: deleting?.version.version ?? "" })}
        confirmLabel={t("delete")}
        cancelLabel={t("dismiss")}
        pending={pending}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
      />
    </div>
  );
}

/** The specs that use a version, as "application / spec" links to the application's specs tab. */
function LinkedSpecList({ specs, className }: { specs: VersionRow["linkedSpecs"]; className?: string }) {
  return (
    <ul className={className}>
      {specs.map((s) => (
        <li key={s.specId}>
          <Link href={`/console/applications/${s.applicationId}?tab=specs`} className="text-blue-700 hover:underline">
            {s.applicationName} / {s.specName}
          </Link>
        </li>
      ))}
    </ul>
  );
}
