"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { startDeployTest } from "@/lib/deploy/deploy-test";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { requestUninstall } from "@/lib/deploy/service";

export const startDeployTestAction = action({ role: "isv", args: ["specId"] }, (user, { specId }) => {
  const deployment = startDeployTest(user, specId);
  return deploymentToJson(getDeploymentOrThrow(user, deployment.id));
});

export const uninstallDeployTestAction = action({ role: "isv", args: ["deploymentId"] }, (user, { deploymentId }) => {
  requestUninstall(user, deploymentId);
  revalidatePath("/console/applications");
  return deploymentToJson(getDeploymentOrThrow(user, deploymentId));
});
