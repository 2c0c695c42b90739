import { CATALOG, canDependOn } from "./catalog";
import { findCycle, type ResourceType } from "./graph";

/**
 * One problem of a graph. `code` is a message key of `graphProblems`; `nodeId` puts it on a node
 * and `path` on one of its properties, so the editor can show it in place.
 */
export type GraphProblem = { code: string; nodeId?: string; path?: string; detail?: string };

type GraphLike = { nodes: { id: string; type: string; name?: string; properties?: Record<string, unknown> }[]; edges: { from: string; to: string }[] };

/** Kind of the owner's *ready* image version for a "name:version", or undefined if there is none. */
export type ImageLookup = (ref: string) => "docker" | "vm" | undefined;

/**
 * The one validation of a dependency graph, shared by the editor (as the ISV draws), save, import
 * and the deployment engine's preconditions. Pure: the caller supplies the owner's images, so the
 * browser runs the same rules with the list the page was given.
 */
export function validateGraph(graph: GraphLike, images: ImageLookup): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, GraphLike["nodes"][number]>();
  const names = new Map<string, string>();
  for (const node of graph.nodes) {
    if (byId.has(node.id)) problems.push({ code: "duplicateNode", nodeId: node.id });
    byId.set(node.id, node);
    const name = node.name?.trim();
    if (name) {
      if (names.has(name)) problems.push({ code: "duplicateName", nodeId: node.id, detail: name });
      else names.set(name, node.id);
    }
  }
  let edgesKnown = true;
  for (const { from, to } of graph.edges) {
    const a = byId.get(from);
    const b = byId.get(to);
    if (!a || !b) {
      edgesKnown = false;
      problems.push({ code: "unknownNode", nodeId: a ? from : undefined, detail: a ? to : from });
    } else if (from === to || !canDependOn(a.type, b.type)) {
      problems.push({ code: "edgeNotAllowed", nodeId: from, detail: b.name || to });
    }
  }
  if (edgesKnown) {
    const cycle = findCycle(graph);
    if (cycle) problems.push({ code: "cycle", nodeId: cycle[0], detail: cycle.join(" → ") });
  }
  if (!graph.nodes.some((n) => n.type === "workload")) problems.push({ code: "noWorkload" });

  for (const node of graph.nodes) {
    const entry = CATALOG[node.type as ResourceType];
    if (!entry) {
      problems.push({ code: "unknownType", nodeId: node.id, detail: node.type });
      continue;
    }
    const parsed = entry.properties.safeParse(node.properties ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join(".");
        const missing = issue.code === "invalid_type" && issue.input === undefined;
        problems.push({ code: missing ? "required" : "badProperty", nodeId: node.id, path, detail: path });
      }
      continue;
    }
    const props = parsed.data as Record<string, unknown>;
    if (node.type === "workload") {
      const image = String(props.image);
      const kind = images(image);
      if (!kind) problems.push({ code: "imageNotReady", nodeId: node.id, path: "image", detail: image });
      else if (kind !== "docker") problems.push({ code: "vmImage", nodeId: node.id, path: "image", detail: image });
    }
    if (node.type === "endpoint") {
      const workloads = graph.edges.filter((e) => e.from === node.id).map((e) => byId.get(e.to)).filter((n) => n?.type === "workload");
      if (workloads.length === 0) problems.push({ code: "endpointWithoutWorkload", nodeId: node.id });
      // A workload whose own properties are invalid already has its problem; do not add a second.
      else if (props.port !== undefined && workloads.every((w) => workloadPort(w!.properties) !== undefined) && !workloads.some((w) => workloadPort(w!.properties) === props.port)) {
        problems.push({ code: "endpointPortMissing", nodeId: node.id, path: "port", detail: String(props.port) });
      }
    }
  }
  return problems;
}

function workloadPort(properties: Record<string, unknown> | undefined): number | undefined {
  const parsed = CATALOG.workload.properties.safeParse(properties ?? {});
  return parsed.success ? (parsed.data as { port: number }).port : undefined;
}
