"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import type { SpecLocation, SpecStatus, SpecType } from "@/db/enums";
import type { PricePlan } from "@/lib/specs/schema";
import { copySpecAction, createSpecAction, deleteSpecAction, updateSpecAction } from "../../actions";
import { ImportDialog } from "./import-dialog";
import { SpecDialog, EMPTY_SPEC } from "./spec-dialog";
import { RowMenu } from "@/components/ui/row-menu";

export type SpecRow = {
  id: string;
  type: SpecType;
  location: SpecLocation;
  name: string;
  description: string;
  allowTrial: boolean;
  status: SpecStatus;
  pricePlan: PricePlan;
  unresolvedImages: string[];
  /** The last deploy test ran on a simulated target, which does not count. */
  simulatedTest: boolean;
  updatedAt: string;
};

/** The specs tab: add, import, and per spec 编辑 / 删除 / 导出 / 复制 under "更多". */
export function SpecsPanel({ appId, specs }: { appId: string; specs: SpecRow[] }) {
  const t = useTranslations("specs");
  const tErrors = useTranslations("errors");
  const tDeploy = useTranslations("deployTest");
  const format = useFormatter();
  const toast = useToast();
  const router = useRouter();
  const [dialog, setDialog] = useState<"new" | "import" | SpecRow | null>(null);
  const [deleting, setDeleting] = useState<SpecRow | null>(null);
  const [pending, startTransition] = useTransition();

  const money = (amount: number | null, currency: string) => (amount === null ? null : format.number(amount, { style: "currency", currency }));
  const price = (plan: PricePlan) => {
    if (!plan) return t("free");
    const parts = [money(plan.perMonth, plan.currency) && t("perMonth", { price: money(plan.perMonth, plan.currency)! }), money(plan.perYear, plan.currency) && t("perYear", { price: money(plan.perYear, plan.currency)! })];
    return parts.filter(Boolean).join(" · ");
  };

  function copy(spec: SpecRow) {
    startTransition(async () => {
      const result = await copySpecAction(appId, spec.id);
      if (result.ok) toast.show(t("copied", { name: result.data!.name }));
      else toast.show(tErrors(result.message, result.params), "error");
    });
  }
  function confirmDelete() {
    if (!deleting) return;
    const spec = deleting;
    startTransition(async () => {
      const result = await deleteSpecAction(appId, spec.id);
      setDeleting(null);
      if (result.ok) toast.show(t("deleted", { name: spec.name }));
      else toast.show(tErrors(result.message, result.params), "error");
    });
  }

  const th = "px-4 py-3 text-left font-medium text-slate-600";
  return (
    <div className="space-y-4">
      <div className="flex gap-2">
        <Button onClick={() => setDialog("new")}>{t("add")}</Button>
        <Button variant="secondary" onClick={() => setDialog("import")}>
          {t("import")}
        </Button>
      </div>
      {/* No overflow clipping here: the 更多 menu opens below its row and must stay visible. */}
      <div className="rounded-lg border border-slate-200 bg-white">
        <table aria-label={t("title")} className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50">
            <tr>
              {(["name", "type", "location", "price", "status", "updated"] as const).map((k) => (
                <th key={k} scope="col" className={th}>
                  {t(k)}
                </th>
              ))}
              <th scope="col" className={th}>
                <span className="sr-only">{t("actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {specs.length === 0 && (
              <tr>
                <td colSpan={7} className="px-4 py-10 text-center text-slate-500">
                  {t("empty")}
                </td>
              </tr>
            )}
            {specs.map((spec) => (
              <tr key={spec.id}>
                <td className="px-4 py-3">
                  <Link href={`/console/applications/${appId}/specs/${spec.id}/dependencies`} className="font-medium text-blue-700 hover:underline">
                    {spec.name}
                  </Link>
                  {spec.allowTrial && <span className="ml-2 rounded bg-blue-50 px-1.5 py-0.5 text-xs text-blue-700">{t("trialTag")}</span>}
                  {spec.unresolvedImages.length > 0 && (
                    <p className="mt-1 text-xs text-amber-700">{t("needsAttention", { images: spec.unresolvedImages.join(", ") })}</p>
                  )}
                </td>
                <td className="px-4 py-3">{t(`types.${spec.type}`)}</td>
                <td className="px-4 py-3">{t(`locations.${spec.location}`)}</td>
                <td className="px-4 py-3">{price(spec.pricePlan)}</td>
                <td className="px-4 py-3">
                  {t(`statuses.${spec.status}`)}
                  {spec.simulatedTest && <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">{t("simulatedTest")}</span>}
                  <Link href={`/console/applications/${appId}/specs/${spec.id}/deploy-test`} className="ml-2 text-xs text-blue-700 hover:underline">
                    {tDeploy("link")}
                  </Link>
                </td>
                <td className="px-4 py-3">{format.dateTime(new Date(spec.updatedAt), { dateStyle: "medium", timeStyle: "short" })}</td>
                <td className="px-4 py-3 text-right">
                  <RowMenu
                    label={t("moreFor", { name: spec.name })}
                    buttonText={t("more")}
                    items={[
                      { label: t("edit"), onSelect: () => setDialog(spec) },
                      { label: t("delete"), onSelect: () => setDeleting(spec) },
                      { label: t("export"), href: `/api/v1/specs/${spec.id}/export`, download: true },
                      { label: t("copy"), onSelect: () => copy(spec) },
                    ]}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialog === "new" && <SpecDialog title={t("addTitle")} action={createSpecAction.bind(null, appId)} initial={EMPTY_SPEC} onClose={() => setDialog(null)} />}
      {dialog === "import" && (
        <ImportDialog
          appId={appId}
          onClose={() => setDialog(null)}
          onImported={(name, unresolved) => {
            setDialog(null);
            toast.show(unresolved.length ? t("importedNeedsAttention", { name, images: unresolved.join(", ") }) : t("imported", { name }), unresolved.length ? "info" : "success");
            router.refresh();
          }}
        />
      )}
      {dialog !== null && typeof dialog === "object" && (
        <SpecDialog
          title={t("editTitle")}
          action={updateSpecAction.bind(null, appId, dialog.id)}
          initial={{
            type: dialog.type,
            location: dialog.location,
            name: dialog.name,
            description: dialog.description,
            allowTrial: dialog.allowTrial,
            priceMonthly: dialog.pricePlan?.perMonth?.toString() ?? "",
            priceYearly: dialog.pricePlan?.perYear?.toString() ?? "",
            currency: dialog.pricePlan?.currency ?? "CNY",
          }}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            toast.show(t("saved"));
            router.refresh();
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteTitle")}
        message={t("deleteText", { name: deleting?.name ?? "" })}
        confirmLabel={t("delete")}
        cancelLabel={t("cancel")}
        pending={pending}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
      />
    </div>
  );
}
