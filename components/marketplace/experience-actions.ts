"use server";
import { failure, type ActionResult } from "@/lib/action-result";
import { requireUser } from "@/lib/auth/guards";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { startExperience, stopExperience } from "@/lib/marketplace/experience";

type Result = ActionResult<ReturnType<typeof deploymentToJson>>;

/** Starts the listing's shared experience instance (免费体验) from a listed experience spec: its ISV or an operator. */
export async function startExperienceAction(appId: string, specId: string): Promise<Result> {
  const user = await requireUser(); // the service lets the application's ISV and operators in
  try {
    const deployment = startExperience(user, appId, specId);
    return { ok: true, data: deploymentToJson(getDeploymentOrThrow(user, deployment.id)) };
  } catch (error) {
    return failure(error);
  }
}

export async function stopExperienceAction(appId: string): Promise<Result> {
  const user = await requireUser(); // the service lets the application's ISV and operators in
  try {
    const deployment = stopExperience(user, appId);
    return { ok: true, data: deploymentToJson(getDeploymentOrThrow(user, deployment.id)) };
  } catch (error) {
    return failure(error);
  }
}
