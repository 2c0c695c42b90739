import { isDeepStrictEqual } from "node:util";

type Comparable = { nodes: { id: string; type: string; name?: string; properties?: Record<string, unknown> }[]; edges: { from: string; to: string }[] };

/**
 * Whether two graphs install the same thing: the same nodes with the same properties and the same
 * edges, in any order. Where a node sits on the canvas does not count.
 */
export function sameDeployment(a: Comparable, b: Comparable): boolean {
  const nodes = (g: Comparable) => new Map(g.nodes.map((n) => [n.id, { type: n.type, name: n.name, properties: n.properties ?? {} }]));
  const edges = (g: Comparable) => new Set(g.edges.map((e) => `${e.from}\u0000${e.to}`));
  return isDeepStrictEqual(nodes(a), nodes(b)) && isDeepStrictEqual(edges(a), edges(b));
}
