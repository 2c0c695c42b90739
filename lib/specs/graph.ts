import "server-only";
import type { Spec, User } from "@/db/schema";
import { graphSchema } from "@/lib/catalog/graph";
import { graphReport } from "@/lib/catalog/owner";
import { ValidationError, zodFieldErrors } from "@/lib/errors";
import { getSpecOrThrow } from "./queries";
import { updateSpec } from "./service";

export type GraphReport = ReturnType<typeof graphReport>;

/** The owner's spec graph with what is wrong with it and what it installs. */
export function getSpecGraph(user: User, specId: string) {
  const { spec } = getSpecOrThrow(user.id, specId);
  return { graph: spec.graph, status: spec.status, ...graphReport(user.id, spec.graph) };
}

/**
 * Stores a graph drawn in the editor or PUT by an ISV's tooling. A graph of the wrong shape is
 * refused; one that fails validation is stored as a draft, so work in progress is never lost.
 */
export function saveSpecGraph(user: User, specId: string, input: unknown): { spec: Spec } & GraphReport {
  const parsed = graphSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("graphInvalid", zodFieldErrors(parsed.error));
  const spec = updateSpec(user, specId, { graph: parsed.data });
  return { spec, ...graphReport(user.id, parsed.data) };
}
