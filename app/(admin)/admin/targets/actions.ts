"use server";
import { revalidatePath } from "next/cache";
import { action, formAction } from "@/lib/action";
import { targetFormSchema } from "@/lib/deploy/schema";
import { checkTarget, createTarget, updateTarget } from "@/lib/deploy/service";

/** Adds a target, or with an `id` replaces its settings; secrets are never echoed back into the form. */
export const saveTargetAction = formAction(
  { role: "operator", args: ["id"], schema: targetFormSchema, lists: ["locations"], secret: ["token", "kubeconfig", "kubeconfigFile", "tlsKey"] },
  async (user, { id, ...input }) => {
    if (id) await updateTarget(user, id, input);
    else await createTarget(user, input);
    revalidatePath("/admin/targets");
  },
);

/** "测试连接": what the engine says about itself, or why it does not answer. */
export const checkTargetAction = action({ role: "operator", args: ["id"] }, async (user, { id }) => ({ version: await checkTarget(user, id) }));
