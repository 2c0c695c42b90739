"use server";
import { revalidatePath } from "next/cache";
import { failure, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import { saveSpecGraph, type GraphReport } from "@/lib/specs/graph";

export type SaveGraphResult = ActionResult<GraphReport & { status: string }>;

/** 保存: stores the drawn graph (a draft if it is not valid yet) and answers what is wrong with it. */
export async function saveGraphAction(specId: string, graph: unknown): Promise<SaveGraphResult> {
  const user = await requireRole("isv");
  try {
    const { spec, ...report } = saveSpecGraph(user, specId, graph);
    revalidatePath(`/console/applications/${spec.applicationId}`);
    return { ok: true, data: { ...report, status: spec.status } };
  } catch (error) {
    return failure(error);
  }
}
