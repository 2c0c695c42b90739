"use client";
import { useTranslations } from "next-intl";
import type { BomLine } from "@/lib/catalog/catalog";

/** 应用消耗资源确认: what the graph installs, shown under the canvas, to operators reviewing it and to buyers. */
export function BomTable({ lines }: { lines: BomLine[] }) {
  const t = useTranslations("dependencies");
  const cell = "px-3 py-2 text-left";
  return (
    <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
      <caption className="px-3 py-2 text-left font-medium">{t("bom")}</caption>
      <thead className="bg-slate-50 text-slate-600">
        <tr>
          <th scope="col" className={cell}>{t("bomResource")}</th>
          <th scope="col" className={cell}>{t("bomSpec")}</th>
          <th scope="col" className={cell}>{t("bomQuantity")}</th>
          <th scope="col" className={cell}>{t("bomBilling")}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {lines.length === 0 && (
          <tr>
            <td className={cell} colSpan={4}>{t("bomEmpty")}</td>
          </tr>
        )}
        {lines.map((l) => (
          <tr key={l.nodeId}>
            <td className={cell}>{`${t(`types.${l.type}`)} · ${l.name}`}</td>
            <td className={cell}>{t.has(`bomSpecs.${l.spec}`) ? t(`bomSpecs.${l.spec}`) : l.spec}</td>
            <td className={cell}>{l.quantity}</td>
            <td className={cell}>{t(`billing.${l.billing}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
