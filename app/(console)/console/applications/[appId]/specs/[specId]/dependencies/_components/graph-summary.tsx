"use client";
import { useTranslations } from "next-intl";
import type { BomLine } from "@/lib/catalog/catalog";
import type { GraphProblem } from "@/lib/catalog/validate";

/** Every problem of the graph; pressing one selects its node. */
export function ProblemList({ problems, describe, onSelect }: { problems: GraphProblem[]; describe: (p: GraphProblem) => string; onSelect: (id: string) => void }) {
  const t = useTranslations("dependencies");
  if (problems.length === 0) return <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{t("valid")}</p>;
  return (
    <div role="region" aria-label={t("problems")} className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <p className="font-medium">{t("problemCount", { count: problems.length })}</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((p, i) => (
          <li key={i}>
            {p.nodeId ? (
              <button type="button" className="text-left underline decoration-dotted" onClick={() => onSelect(p.nodeId!)}>
                {describe(p)}
              </button>
            ) : (
              describe(p)
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** 应用消耗资源确认: what the graph installs, as buyers will later see it. */
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
            <td className={cell}>{l.spec === "public" || l.spec === "private" ? t(`bomSpecs.${l.spec}`) : l.spec}</td>
            <td className={cell}>{l.quantity}</td>
            <td className={cell}>{t(`billing.${l.billing}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
