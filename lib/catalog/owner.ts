import "server-only";
import { getReadyVersionByRef } from "@/lib/images/queries";
import { billOfMaterials } from "./catalog";
import { validateGraph, type GraphProblem } from "./validate";

type GraphLike = Parameters<typeof validateGraph>[0];

/** The shared validation against the owner's own ready image versions (as stored now). */
export function validateForOwner(ownerId: string, graph: GraphLike): GraphProblem[] {
  return validateGraph(graph, (ref) => {
    const version = getReadyVersionByRef(ownerId, ref);
    return version?.filePath ? version.kind : undefined;
  });
}

/** What the graph API and the editor answer after a check or a save. */
export function graphReport(ownerId: string, graph: GraphLike) {
  const errors = validateForOwner(ownerId, graph);
  return { valid: errors.length === 0, errors, billOfMaterials: billOfMaterials(graph) };
}
