"use server";
import { revalidatePath } from "next/cache";
import { action, formAction } from "@/lib/action";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { resetAppKey, revealAppKey } from "@/lib/marketplace/app-access";
import { deleteMyApp, deployMyApp, renameMyApp, uninstallMyApp } from "@/lib/marketplace/my-apps";
import { renameSchema } from "@/lib/marketplace/schema";

/** "下一步，启动自动化部署" and 应用集成管理's install. */
export const deployMyAppAction = action({ role: "buyer", args: ["appId"] }, (user, { appId }) => {
  const deployment = deployMyApp(user, appId);
  revalidatePath("/workbench/apps");
  return deploymentToJson(getDeploymentOrThrow(user, deployment.id));
});

export const uninstallMyAppAction = action({ role: "buyer", args: ["appId"] }, (user, { appId }) => {
  const deployment = uninstallMyApp(user, appId);
  revalidatePath("/workbench/apps");
  return deploymentToJson(getDeploymentOrThrow(user, deployment.id));
});

export const renameMyAppAction = formAction({ role: "buyer", args: ["appId"], schema: renameSchema }, (user, { appId, ...input }) => {
  renameMyApp(user, appId, input);
  revalidatePath("/workbench/apps", "layout");
});

export const deleteMyAppAction = action({ role: "buyer", args: ["appId"] }, (user, { appId }) => {
  const result = deleteMyApp(user, appId);
  revalidatePath("/workbench/apps", "layout");
  return result;
});

/** Makes or replaces the app's key; the result is the only time it is shown. */
export const resetAppKeyAction = action({ role: "buyer", args: ["appId"] }, (user, { appId }) => {
  const key = resetAppKey(user, appId);
  revalidatePath(`/workbench/apps/${appId}`);
  return { key };
});

/** Shows the key the engine made at the first deploy, once. */
export const revealAppKeyAction = action({ role: "buyer", args: ["appId"] }, (user, { appId }) => {
  const key = revealAppKey(user, appId);
  revalidatePath(`/workbench/apps/${appId}`);
  return { key };
});
