import dagre from "@dagrejs/dagre";
import { MarkerType, type Edge, type Node } from "@xyflow/react";
import type { Graph, ResourceType } from "@/lib/catalog/graph";

/** What a canvas node carries: the graph node minus id and position, which React Flow holds. */
export type ResourceData = { type: ResourceType; name?: string; properties: Record<string, unknown> };
export type ResourceNode = Node<ResourceData, "resource">;

export const NODE_WIDTH = 176;
export const NODE_HEIGHT = 56;

export function toFlow(graph: Graph): { nodes: ResourceNode[]; edges: Edge[] } {
  const nodes = graph.nodes.map((n, i) => ({
    id: n.id,
    type: "resource" as const,
    position: n.position ?? { x: 40 + (i % 4) * 220, y: 40 + Math.floor(i / 4) * 120 },
    data: { type: n.type, name: n.name, properties: n.properties },
  }));
  return { nodes, edges: graph.edges.map((e) => flowEdge(e.from, e.to)) };
}

export function flowEdge(from: string, to: string): Edge {
  return { id: `${from}->${to}`, source: from, target: to, markerEnd: { type: MarkerType.ArrowClosed } };
}

/** The stored graph format (docs/spec-format.md); positions are rounded so a save diff stays small. */
export function toGraph(nodes: ResourceNode[], edges: Edge[]): Graph {
  return {
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.data.type,
      ...(n.data.name ? { name: n.data.name } : {}),
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      properties: n.data.properties,
    })),
    edges: edges.map((e) => ({ from: e.source, to: e.target })),
  };
}

export function newNodeId(type: ResourceType, nodes: { id: string }[]): string {
  const taken = new Set(nodes.map((n) => n.id));
  for (let i = 1; ; i++) if (!taken.has(`${type}-${i}`)) return `${type}-${i}`;
}

/**
 * Where a new node goes: centred on `at` (the pointer of a drop, or the pane's centre), moved down
 * past any node it would cover, so two drops at one place never stack exactly.
 */
export function freeSpot(at: { x: number; y: number }, nodes: { position: { x: number; y: number } }[]): { x: number; y: number } {
  const spot = { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 };
  const covers = (n: { position: { x: number; y: number } }) => Math.abs(n.position.x - spot.x) < NODE_WIDTH && Math.abs(n.position.y - spot.y) < NODE_HEIGHT + 8;
  while (nodes.some(covers)) spot.y += NODE_HEIGHT + 16;
  return spot;
}

/** Dependents left of what they depend on (the install order reads right to left). */
export function autoLayout(nodes: ResourceNode[], edges: Edge[]): ResourceNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 32, ranksep: 64 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id);
    return { ...n, position: { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 } };
  });
}
