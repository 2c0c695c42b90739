"use server";
import { revalidatePath } from "next/cache";
import { failure, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { startDeployTest } from "@/lib/deploy/deploy-test";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { requestUninstall } from "@/lib/deploy/service";

type Result = ActionResult<ReturnType<typeof deploymentToJson>>;

export async function startDeployTestAction(specId: string): Promise<Result> {
  const user = await requireRole("isv");
  try {
    const deployment = startDeployTest(user, specId);
    return { ok: true, data: deploymentToJson(getDeploymentOrThrow(user, deployment.id)) };
  } catch (error) {
    return failure(error);
  }
}

export async function uninstallDeployTestAction(deploymentId: string): Promise<Result> {
  const user = await requireRole("isv");
  try {
    requestUninstall(user, deploymentId);
    revalidatePath("/console/applications");
    return { ok: true, data: deploymentToJson(getDeploymentOrThrow(user, deploymentId)) };
  } catch (error) {
    return failure(error);
  }
}
