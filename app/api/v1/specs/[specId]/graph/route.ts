import { parseJsonBody, withApiUser } from "@/lib/auth/api";
import { graphSchema } from "@/lib/catalog/graph";
import { getSpecGraph, saveSpecGraph } from "@/lib/specs/graph";
import { reportToJson } from "@/lib/specs/graph-api";

type Context = { params: Promise<{ specId: string }> };

/** The stored graph (docs/spec-format.md) with its validation and bill of materials. */
export const GET = withApiUser<Context>(
  async (_request, user, { params }) => {
    const { graph, status, valid, errors, billOfMaterials } = getSpecGraph(user, (await params).specId);
    return Response.json({ graph, status, ...reportToJson(graph, { valid, errors, billOfMaterials }) });
  },
  { role: "isv" },
);

/** Replaces the graph, as the editor's Save does: an invalid graph is kept as a draft. */
export const PUT = withApiUser<Context>(
  async (request, user, { params }) => {
    const graph = await parseJsonBody(request, graphSchema);
    const { spec, ...report } = saveSpecGraph(user, (await params).specId, graph);
    return Response.json({ status: spec.status, ...reportToJson(graph, report) });
  },
  { role: "isv" },
);
