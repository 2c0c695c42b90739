import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { deployments, specs, type User } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { startDeployTest, latestDeployTest } from "@/lib/deploy/deploy-test";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { requestUninstall } from "@/lib/deploy/service";
import { ConflictError, InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { hasRunningDeployment } from "@/lib/applications/in-use";
import { submitForReview } from "@/lib/reviews/service";
import { deleteSpec, updateSpec } from "@/lib/specs/service";
import { makeApp, makeSpec, workloadGraph } from "../support/apps";
import { sandboxIsvWithImage } from "../support/deployments";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

let isv: User;
beforeAll(async () => {
  isv = await sandboxIsvWithImage();
});
const statusOf = (id: string) => getDb().select().from(specs).where(eq(specs.id, id)).get()!.status;

describe("deploy tests of specs", () => {
  it("installs the spec's graph on the sandbox, blocks deleting the spec while live, and never marks it tested: a simulation is not a test", async () => {
    const spec = makeSpec(isv, makeApp(isv).id, "标准版", workloadGraph("hello-iot:v1.0"));
    const d = startDeployTest(isv, spec.id);
    expect(() => startDeployTest(isv, spec.id)).toThrow(ConflictError);
    expect(hasRunningDeployment(spec.id)).toBe(true);
    await reconcileDeployment(d.id);
    expect(latestDeployTest(isv.id, spec.id)?.status).toBe("running");
    expect(() => deleteSpec(isv, spec.id)).toThrow(InvalidStateError);
    expect(statusOf(spec.id)).toBe("configured");

    requestUninstall(isv, d.id);
    await reconcileDeployment(d.id);
    expect(latestDeployTest(isv.id, spec.id)).toMatchObject({ status: "deleted", failureMessage: null, target: { simulated: true } });
    expect(statusOf(spec.id)).toBe("configured");
    expect(hasRunningDeployment(spec.id)).toBe(false);
    // So it cannot be listed: review refuses an application without a tested spec.
    expect(() => submitForReview(isv, spec.applicationId, { specIds: [spec.id] } as never, { intro: [] })).toThrow(
      expect.objectContaining({ constructor: InvalidStateError, message: "noTestedSpec" }),
    );

    // Created with a valid graph it was configured, never tested; draft once the graph is not valid.
    updateSpec(isv, spec.id, { graph: workloadGraph("hello-iot:v1.0") });
    expect(statusOf(spec.id)).toBe("configured");
    updateSpec(isv, spec.id, { graph: workloadGraph("gone:v1.0") });
    expect(statusOf(spec.id)).toBe("draft");
  });

  it("leaves a spec untested when its deploy test fails, and lets the ISV try again", async () => {
    const spec = makeSpec(isv, makeApp(isv).id, "坏版", workloadGraph("hello-iot:v1.0"));
    const d = startDeployTest(isv, spec.id);
    // The image disappears between asking and installing: the install fails at the workload.
    getDb().update(deployments).set({ graph: workloadGraph("gone:v1.0") }).where(eq(deployments.id, d.id)).run();
    await reconcileDeployment(d.id);
    expect(latestDeployTest(isv.id, spec.id)).toMatchObject({ status: "failed", failedNodeId: "web" });
    expect(statusOf(spec.id)).toBe("configured");
    expect(hasRunningDeployment(spec.id)).toBe(false);
    expect(startDeployTest(isv, spec.id).status).toBe("pending");
  });

  it("refuses specs that cannot be deployed, naming each problem, and others' specs", async () => {
    const app = makeApp(isv);
    const empty = makeSpec(isv, app.id, "空");
    expect(() => startDeployTest(isv, empty.id)).toThrow(expect.objectContaining({ constructor: ValidationError, fieldErrors: { graph: ["noWorkload"] } }));
    const missing = makeSpec(isv, app.id, "缺镜像", workloadGraph("nope:v1.0"));
    expect(() => startDeployTest(isv, missing.id)).toThrow(expect.objectContaining({ fieldErrors: { "nodes.web": ["imageNotReady"] } }));
    const stranger = await makeUser(["isv"]);
    expect(() => startDeployTest(stranger, empty.id)).toThrow(NotFoundError);
  });

  it("answers POST /api/v1/specs/{id}/deploy-tests with 201, 422 with the problems, 404 for others", async () => {
    const { POST } = await import("@/app/api/v1/specs/[specId]/deploy-tests/route");
    const key = createApiKey(isv, { name: "ci" }).key;
    const other = createApiKey(await makeUser(["isv"]), { name: "ci" }).key;
    const app = makeApp(isv);
    const good = makeSpec(isv, app.id, "API 版", workloadGraph("hello-iot:v1.0"));
    const bad = makeSpec(isv, app.id, "API 空");
    const call = (k: string, specId: string) => POST(new Request("http://x", { method: "POST", headers: { "X-Auth-Token": k } }), { params: Promise.resolve({ specId }) });
    const created = await call(key, good.id);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ specId: good.id, purpose: "test", status: "pending" });
    const refused = await call(key, bad.id);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ fields: { graph: ["noWorkload"] } });
    expect((await call(other, good.id)).status).toBe(404);
  });
});
