import { z } from "zod";

/**
 * The dependency graph of a spec, as stored, exported and imported (docs/spec-format.md). This
 * module only knows the shape and the resource type names; the canvas issue adds each type's
 * property schema, the palette and the bill of materials beside it.
 */
export const RESOURCE_TYPES = ["network", "workload", "volume", "endpoint", "credentials"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const graphNodeSchema = z.object({
  id: z.string().trim().min(1, "graphNodeIdRequired").max(64, "graphNodeIdTooLong"),
  type: z.enum(RESOURCE_TYPES, { error: "graphUnknownType" }),
  name: z.string().max(64, "graphNodeNameTooLong").optional(),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }, { error: "graphPositionInvalid" }).optional(),
  properties: z.record(z.string(), z.unknown(), { error: "graphPropertiesInvalid" }).default({}),
});

export const graphEdgeSchema = z.object({
  from: z.string({ error: "graphEdgeInvalid" }).min(1, "graphEdgeInvalid"),
  to: z.string({ error: "graphEdgeInvalid" }).min(1, "graphEdgeInvalid"),
});

/** An edge means `from` depends on `to` (`to` is installed first). */
export const graphSchema = z
  .object({
    nodes: z.array(graphNodeSchema, { error: "graphInvalid" }).max(1000, "graphTooLarge"),
    edges: z.array(graphEdgeSchema, { error: "graphInvalid" }).max(5000, "graphTooLarge"),
  }, { error: "graphInvalid" })
  .superRefine((graph, ctx) => {
    const ids = new Set<string>();
    graph.nodes.forEach((node, i) => {
      if (ids.has(node.id)) ctx.addIssue({ code: "custom", path: ["nodes", i, "id"], message: "graphDuplicateNodeId" });
      ids.add(node.id);
    });
    let edgesValid = true;
    graph.edges.forEach((edge, i) => {
      if (!ids.has(edge.from) || !ids.has(edge.to) || edge.from === edge.to) {
        edgesValid = false;
        ctx.addIssue({ code: "custom", path: ["edges", i], message: "graphEdgeInvalid" });
      }
    });
    // A cycle is only worth reporting once every edge joins two real nodes.
    if (edgesValid && findCycle(graph)) {
      ctx.addIssue({ code: "custom", path: ["edges"], message: "graphCycle" });
    }
  });
export type Graph = z.infer<typeof graphSchema>;
export type GraphNode = Graph["nodes"][number];

export const EMPTY_GRAPH: Graph = { nodes: [], edges: [] };

/** The node ids of one dependency cycle, or null; iterative so a long chain cannot overflow. */
export function findCycle(graph: { nodes: { id: string }[]; edges: { from: string; to: string }[] }): string[] | null {
  const next = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) next.get(e.from)?.push(e.to);
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
  for (const start of next.keys()) {
    if (state.has(start)) continue;
    const stack: { id: string; i: number }[] = [{ id: start, i: 0 }];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const out = next.get(top.id) ?? [];
      if (top.i >= out.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const to = out[top.i++];
      if (state.get(to) === 1) return [...stack.slice(stack.findIndex((s) => s.id === to)).map((s) => s.id)];
      if (!state.has(to)) {
        state.set(to, 1);
        stack.push({ id: to, i: 0 });
      }
    }
  }
  return null;
}

/** The "name:version" image references of the graph's workloads, each once. */
export function imageReferences(graph: Graph): string[] {
  const refs = graph.nodes
    .filter((n) => n.type === "workload" && typeof n.properties.image === "string" && n.properties.image.trim())
    .map((n) => (n.properties.image as string).trim());
  return [...new Set(refs)];
}

/** Splits "name:version" at the last colon; null when either part is missing. */
export function parseImageReference(ref: string): { name: string; version: string } | null {
  const at = ref.lastIndexOf(":");
  if (at <= 0 || at === ref.length - 1) return null;
  return { name: ref.slice(0, at), version: ref.slice(at + 1) };
}
