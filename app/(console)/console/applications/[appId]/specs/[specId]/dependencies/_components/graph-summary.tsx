"use client";
import { useTranslations } from "next-intl";
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
