import "server-only";
import { getReadyVersionByRef } from "@/lib/images/queries";
import { billOfMaterials } from "./catalog";
import { validateGraph, type GraphProblem } from "./validate";

type GraphLike = Parameters<typeof validateGraph>[0];

/** The shared validation against the owner's own ready image versions (as stored now). */
export function validateForOwner(ownerId: string, graph: GraphLike): GraphProblem[] {
  // Many workloads often share one image: look each reference up once per validation.
  const seen = new Map<string, "docker" | "vm" | undefined>();
  return validateGraph(graph, (ref) => {
    if (!seen.has(ref)) {
      const version = getReadyVersionByRef(ownerId, ref);
      seen.set(ref, version?.filePath ? version.kind : undefined);
    }
    return seen.get(ref);
  });
}

/** What the graph API and the editor answer after a check or a save. */
export function graphReport(ownerId: string, graph: GraphLike) {
  const errors = validateForOwner(ownerId, graph);
  return { valid: errors.length === 0, errors, billOfMaterials: billOfMaterials(graph) };
}
