"use client";
import { createContext, useContext } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { useTranslations } from "next-intl";
import type { GraphProblem } from "@/lib/catalog/validate";
import { cn } from "@/components/ui/cn";
import { NODE_WIDTH, type ResourceNode } from "./graph-state";
import { KIND_COLOR, ResourceIcon } from "./resource-icon";

/** Problems by node id; a context so validating does not rewrite every node object. */
export const NodeProblems = createContext<Map<string, GraphProblem[]>>(new Map());

/** A resource on the canvas: the right handle draws "depends on", the left one receives it. */
export function ResourceNodeView({ id, data, selected }: NodeProps<ResourceNode>) {
  const t = useTranslations("dependencies");
  const problems = useContext(NodeProblems).get(id) ?? [];
  return (
    <div
      style={{ width: NODE_WIDTH, borderLeftColor: problems.length ? undefined : KIND_COLOR[data.type], borderLeftWidth: 4 }}
      className={cn(
        "rounded-md border bg-white px-3 py-2 text-sm shadow-sm",
        problems.length ? "border-red-500" : "border-slate-300",
        selected && "ring-2 ring-blue-500",
      )}
    >
      <Handle type="target" position={Position.Left} aria-label={t("dependencyHandle")} />
      <div className="flex items-center gap-2">
        <ResourceIcon type={data.type} className="shrink-0" />
        <div className="min-w-0">
          <div className="truncate font-medium">{data.name || id}</div>
          <div className="text-xs text-slate-500">{t(`types.${data.type}`)}</div>
        </div>
        {problems.length > 0 && (
          <span className="ml-auto rounded-full bg-red-600 px-1.5 text-xs text-white" title={t("problemCount", { count: problems.length })}>
            {problems.length}
          </span>
        )}
      </div>
      <Handle type="source" position={Position.Right} aria-label={t("dependsOnHandle")} />
    </div>
  );
}
