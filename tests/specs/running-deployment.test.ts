import { describe, expect, it, vi } from "vitest";
import { InvalidStateError } from "@/lib/errors";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { deleteApplication } from "@/lib/applications/service";
import { listSpecs } from "@/lib/specs/queries";
import { deleteSpec } from "@/lib/specs/service";
import { makeApp, makeSpec } from "../support/apps";
import { makeUser } from "../support/users";

// Deployments arrive with a later issue; this checks that both deletes already ask the hook.
const running = vi.hoisted(() => new Set<string>());
vi.mock("@/lib/specs/in-use", () => ({ hasRunningDeployment: (id: string) => running.has(id) }));
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

describe("a running deployment", () => {
  it("blocks deleting its spec and its application", async () => {
    const isv = await makeUser(["isv"]);
    const app = makeApp(isv);
    const spec = makeSpec(isv, app.id, "在线版");
    running.add(spec.id);
    expect(() => deleteSpec(isv, spec.id)).toThrow(expect.objectContaining({ constructor: InvalidStateError, message: "specDeployed", params: { name: "在线版" } }));
    expect(() => deleteApplication(isv, app.id)).toThrow(expect.objectContaining({ message: "specDeployed" }));
    expect(listSpecs(app.id)).toHaveLength(1);
    running.clear();
    deleteApplication(isv, app.id);
    expect(() => getApplicationOrThrow(isv.id, app.id)).toThrow();
  });
});
