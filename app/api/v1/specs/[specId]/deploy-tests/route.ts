import { withApiUser } from "@/lib/auth/api";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { startDeployTest } from "@/lib/deploy/deploy-test";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";

type Context = { params: Promise<{ specId: string }> };

/** Starts a deploy test of the spec: 201 with the deployment; poll GET /api/v1/deployments/{id}. */
export const POST = withApiUser<Context>(
  async (_request, user, { params }) => {
    const deployment = startDeployTest(user, (await params).specId);
    return Response.json(deploymentToJson(getDeploymentOrThrow(user, deployment.id)), { status: 201 });
  },
  { role: "isv" },
);
