import { withApiUser } from "@/lib/auth/api";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { requestUninstall } from "@/lib/deploy/service";

type Context = { params: Promise<{ deploymentId: string }> };

/** Status, resources, outputs (secrets included: only the owner can read it) and the event log. */
export const GET = withApiUser<Context>(async (_request, user, { params }) =>
  Response.json(deploymentToJson(getDeploymentOrThrow(user, (await params).deploymentId))),
);

/** Uninstalls: 202 while the worker removes the resources; poll GET until `deleted`. */
export const DELETE = withApiUser<Context>(async (_request, user, { params }) => {
  const { deploymentId } = await params;
  requestUninstall(user, deploymentId);
  return Response.json(deploymentToJson(getDeploymentOrThrow(user, deploymentId)), { status: 202 });
});
