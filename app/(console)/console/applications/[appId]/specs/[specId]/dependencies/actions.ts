"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { saveSpecGraph } from "@/lib/specs/graph";
import { saveGraphSchema } from "@/lib/specs/schema";

/** 保存: stores the drawn graph (a draft if it is not valid yet) and answers what is wrong with it. */
export const saveGraphAction = action({ role: "isv", args: ["specId", "graph"], schema: saveGraphSchema }, (user, { specId, graph }) => {
  const { spec, ...report } = saveSpecGraph(user, specId, graph);
  revalidatePath(`/console/applications/${spec.applicationId}`);
  return { ...report, status: spec.status };
});
