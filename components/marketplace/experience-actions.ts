"use server";
import { action } from "@/lib/action";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { startExperience, stopExperience } from "@/lib/marketplace/experience";

// Any signed-in account: the service lets the application's ISV and operators in.

/** Starts the listing's shared experience instance (免费体验) from a listed experience spec. */
export const startExperienceAction = action({ role: "signedIn", args: ["appId", "specId"] }, (user, { appId, specId }) => {
  const deployment = startExperience(user, appId, specId);
  return deploymentToJson(getDeploymentOrThrow(user, deployment.id));
});

export const stopExperienceAction = action({ role: "signedIn", args: ["appId"] }, (user, { appId }) => {
  const deployment = stopExperience(user, appId);
  return deploymentToJson(getDeploymentOrThrow(user, deployment.id));
});
