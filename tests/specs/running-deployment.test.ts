import { beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "@/db/schema";
import { InvalidStateError } from "@/lib/errors";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { deleteApplication } from "@/lib/applications/service";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { createDeployment, requestUninstall } from "@/lib/deploy/service";
import { listSpecs } from "@/lib/specs/queries";
import { deleteSpec } from "@/lib/specs/service";
import { makeApp, makeSpec, workloadGraph } from "../support/apps";
import { sandboxIsvWithImage } from "../support/deployments";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

let isv: User;
beforeAll(async () => {
  isv = await sandboxIsvWithImage();
});

describe("a live deployment of a spec", () => {
  it("blocks deleting the spec and its application from the moment it is asked for until it is uninstalled", async () => {
    const app = makeApp(isv);
    const spec = makeSpec(isv, app.id, "在线版", workloadGraph("hello-iot:v1.0"));
    const blocked = () => {
      expect(() => deleteSpec(isv, spec.id)).toThrow(expect.objectContaining({ constructor: InvalidStateError, message: "specDeployed", params: { name: "在线版" } }));
      expect(() => deleteApplication(isv, app.id)).toThrow(expect.objectContaining({ constructor: InvalidStateError, message: "specDeployed" }));
      expect(listSpecs(app.id)).toHaveLength(1);
    };

    const d = createDeployment(isv, { graph: spec.graph, purpose: "test", location: "cloud", specId: spec.id });
    blocked(); // pending: the worker may start installing at any moment
    await reconcileDeployment(d.id);
    expect(getDeploymentOrThrow(isv, d.id).status).toBe("running");
    blocked();

    requestUninstall(isv, d.id);
    blocked(); // uninstalling: its resources still exist
    await reconcileDeployment(d.id);
    expect(getDeploymentOrThrow(isv, d.id).status).toBe("deleted");

    deleteApplication(isv, app.id);
    expect(() => getApplicationOrThrow(isv.id, app.id)).toThrow();
    expect(listSpecs(app.id)).toEqual([]);
  });

  it("does not block once its install failed and was rolled back", async () => {
    const app = makeApp(isv);
    const spec = makeSpec(isv, app.id, "坏版", workloadGraph("hello-iot:v1.0"));
    // The image named in the deployment is not one of the ISV's: the install fails at the workload.
    const d = createDeployment(isv, { graph: workloadGraph("gone:v1.0"), purpose: "test", location: "cloud", specId: spec.id });
    await reconcileDeployment(d.id);
    expect(getDeploymentOrThrow(isv, d.id).status).toBe("failed");
    deleteSpec(isv, spec.id);
    expect(listSpecs(app.id)).toEqual([]);
  });
});
