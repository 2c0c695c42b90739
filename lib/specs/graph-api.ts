import "server-only";
import en from "@/lib/i18n/messages/en.json";
import type { GraphProblem } from "@/lib/catalog/validate";
import type { GraphReport } from "./graph";

type Named = { nodes: { id: string; name?: string }[] };

/** The API's answer: problems as {nodeId?, path?, code, message} with the English message. */
export function reportToJson(graph: Named, report: GraphReport) {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name || n.id]));
  const text = (p: GraphProblem) =>
    ((en.graphProblems as Record<string, string>)[p.code] ?? p.code).replace(/\{(\w+)\}/g, (_, k: string) =>
      k === "node" ? (names.get(p.nodeId ?? "") ?? p.nodeId ?? "") : k === "detail" ? (p.detail ?? "") : "",
    );
  return {
    valid: report.valid,
    errors: report.errors.map((p) => ({ ...(p.nodeId ? { nodeId: p.nodeId } : {}), ...(p.path ? { path: p.path } : {}), code: p.code, message: text(p) })),
    billOfMaterials: report.billOfMaterials,
  };
}
