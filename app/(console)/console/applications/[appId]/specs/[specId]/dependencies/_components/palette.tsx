"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { CATALOG_ENTRIES } from "@/lib/catalog/catalog";
import type { ResourceType } from "@/lib/catalog/graph";
import { ResourceIcon } from "./resource-icon";

export const DRAG_TYPE = "application/x-stagecraft-resource";

/** The resource panel: drag a type onto the canvas, or press it to add one (keyboard users). */
export function Palette({ onAdd }: { onAdd: (type: ResourceType) => void }) {
  const t = useTranslations("dependencies");
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const entries = CATALOG_ENTRIES.filter((e) => !q || e.type.includes(q) || t(`types.${e.type}`).toLowerCase().includes(q));
  return (
    <aside aria-label={t("palette")} className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 lg:overflow-y-auto">
      <input
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={t("searchPalette")}
        aria-label={t("searchPalette")}
        className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
      />
      <ul className="space-y-1">
        {entries.map((e) => (
          <li key={e.type}>
            <button
              type="button"
              draggable
              onDragStart={(ev) => {
                ev.dataTransfer.setData(DRAG_TYPE, e.type);
                ev.dataTransfer.effectAllowed = "move";
              }}
              onClick={() => onAdd(e.type)}
              aria-label={t("add", { type: t(`types.${e.type}`) })}
              className="flex w-full cursor-grab items-center gap-2 rounded-md border border-slate-200 px-2 py-1.5 text-left text-sm hover:bg-slate-50"
            >
              <ResourceIcon type={e.type} className="shrink-0" />
              {t(`types.${e.type}`)}
            </button>
          </li>
        ))}
        {entries.length === 0 && <li className="text-sm text-slate-500">{t("noMatch")}</li>}
      </ul>
    </aside>
  );
}
