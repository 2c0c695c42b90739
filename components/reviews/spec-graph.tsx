import { useTranslations } from "next-intl";
import type { Graph } from "@/lib/catalog/graph";

/** A spec's graph as a compact list of resources and their links; read-only, for review and listing pages. */
export function SpecGraph({ graph, label, emptyLabel }: { graph: Graph; label: string; emptyLabel: string }) {
  const t = useTranslations("dependencies");
  if (graph.nodes.length === 0) return <p className="text-sm text-slate-500">{emptyLabel}</p>;
  const names = new Map(graph.nodes.map((n) => [n.id, n.name || n.id]));
  return (
    <div aria-label={label} className="text-sm">
      <ul className="flex flex-wrap gap-2">
        {graph.nodes.map((n) => (
          <li key={n.id} className="rounded border border-slate-200 bg-slate-50 px-2 py-1">
            <span className="font-medium">{names.get(n.id)}</span> <span className="text-slate-500">({t.has(`types.${n.type}`) ? t(`types.${n.type}`) : n.type})</span>
          </li>
        ))}
      </ul>
      {graph.edges.length > 0 && (
        <ul className="mt-2 space-y-0.5 text-slate-600">
          {graph.edges.map((e) => (
            <li key={`${e.from}-${e.to}`}>
              {t("flow.edge", { from: names.get(e.from) ?? e.from, to: names.get(e.to) ?? e.to })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** An image served by /api/media, which checks who may see it. */
export function MediaImage({ id, alt, className }: { id: string; alt: string; className?: string }) {
  // eslint-disable-next-line @next/next/no-img-element -- media are checked uploads of fixed size; next/image would re-encode them
  return <img src={`/api/media/${id}`} alt={alt} className={className} />;
}
