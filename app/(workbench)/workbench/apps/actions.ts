"use server";
import { revalidatePath } from "next/cache";
import { failure, formValues, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { deleteMyApp, deployMyApp, renameMyApp, uninstallMyApp } from "@/lib/marketplace/my-apps";

type DeploymentResult = ActionResult<ReturnType<typeof deploymentToJson>>;

/** "下一步，启动自动化部署" and 应用集成管理's install. */
export async function deployMyAppAction(appId: string): Promise<DeploymentResult> {
  const user = await requireRole("buyer");
  try {
    const deployment = deployMyApp(user, appId);
    revalidatePath("/workbench/apps");
    return { ok: true, data: deploymentToJson(getDeploymentOrThrow(user, deployment.id)) };
  } catch (error) {
    return failure(error);
  }
}

export async function uninstallMyAppAction(appId: string): Promise<DeploymentResult> {
  const user = await requireRole("buyer");
  try {
    const deployment = uninstallMyApp(user, appId);
    revalidatePath("/workbench/apps");
    return { ok: true, data: deploymentToJson(getDeploymentOrThrow(user, deployment.id)) };
  } catch (error) {
    return failure(error);
  }
}

export async function renameMyAppAction(appId: string, _: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("buyer");
  const values = formValues(form);
  try {
    renameMyApp(user, appId, values);
    revalidatePath("/workbench/apps", "layout");
    return { ok: true };
  } catch (error) {
    return failure(error, values);
  }
}

export async function deleteMyAppAction(appId: string): Promise<ActionResult<{ uninstalling: boolean }>> {
  const user = await requireRole("buyer");
  try {
    const result = deleteMyApp(user, appId);
    revalidatePath("/workbench/apps", "layout");
    return { ok: true, data: result };
  } catch (error) {
    return failure(error);
  }
}
