import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { specs, type User } from "@/db/schema";
import { latestDeployTest, startDeployTest } from "@/lib/deploy/deploy-test";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { requestUninstall } from "@/lib/deploy/service";
import { updateSpec } from "@/lib/specs/service";
import { makeApp, makeSpec, workloadGraph } from "../support/apps";
import { FIXTURES } from "../support/archives";
import { activateTarget } from "../support/deployments";
import { startDockerd, type TestEngine } from "../support/dockerd";
import { readyImageFrom } from "../support/images";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

// `tested` means this very graph ran on a real engine and came off cleanly.
let engine: TestEngine;
let isv: User;
beforeAll(async () => {
  engine = await startDockerd();
  activateTarget("docker", { socketPath: engine.socketPath, healthTimeoutMs: 20_000 });
  isv = await makeUser(["isv"]);
  await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
}, 60_000);
afterAll(() => engine?.stop(), 30_000);

const statusOf = (id: string) => getDb().select().from(specs).where(eq(specs.id, id)).get()!.status;

async function runTest(specId: string, whileRunning?: () => void) {
  const d = startDeployTest(isv, specId);
  await reconcileDeployment(d.id);
  expect(latestDeployTest(isv.id, specId)).toMatchObject({ status: "running", target: { simulated: false } });
  whileRunning?.();
  requestUninstall(isv, d.id);
  await reconcileDeployment(d.id);
  expect(latestDeployTest(isv.id, specId)?.status).toBe("deleted");
}

describe("a deploy test on a real engine", () => {
  it("makes the spec tested; moving nodes on the canvas keeps it, a changed graph does not", async () => {
    const spec = makeSpec(isv, makeApp(isv).id, "标准版", workloadGraph("hello-iot:v1.0"));
    await runTest(spec.id);
    expect(statusOf(spec.id)).toBe("tested");

    const moved = workloadGraph("hello-iot:v1.0");
    moved.nodes[0]!.position = { x: 400, y: 300 };
    updateSpec(isv, spec.id, { graph: moved });
    expect(statusOf(spec.id)).toBe("tested");

    const changed = workloadGraph("hello-iot:v1.0");
    changed.nodes[0]!.properties.replicas = 2;
    updateSpec(isv, spec.id, { graph: changed });
    expect(statusOf(spec.id)).toBe("configured");
  }, 120_000);

  it("does not count for a graph edited while it ran (A tested, B saved meanwhile: B is not tested)", async () => {
    const spec = makeSpec(isv, makeApp(isv).id, "A→B", workloadGraph("hello-iot:v1.0"));
    const b = workloadGraph("hello-iot:v1.0");
    b.nodes[0]!.properties.env = { MODE: "edited" };
    await runTest(spec.id, () => updateSpec(isv, spec.id, { graph: b }));
    expect(statusOf(spec.id)).toBe("configured");

    // Testing B itself then counts.
    await runTest(spec.id);
    expect(statusOf(spec.id)).toBe("tested");
  }, 120_000);
});
