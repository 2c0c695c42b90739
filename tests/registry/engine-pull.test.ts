import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "@/db/schema";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { createDeployment, requestUninstall } from "@/lib/deploy/service";
import type { NodeContext, Provider } from "@/lib/deploy/types";
import { handleRegistryRequest } from "@/lib/registry/handler";
import { FIXTURES } from "../support/archives";
import { activateTarget } from "../support/deployments";
import { validatedVersion } from "../support/registry";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

/** A provider that records what the engine hands it, standing in for Kubernetes (another helper's work). */
function recordingProvider() {
  const images: NonNullable<NodeContext["image"]>[] = [];
  const provider: Provider = {
    simulated: true,
    check: async () => "recording",
    create: async (ctx) => {
      if (ctx.image) images.push(ctx.image);
      return { externalId: ctx.nodeId, details: ctx.type === "endpoint" ? { url: "http://cluster/" } : {} };
    },
    remove: async () => {},
  };
  return { provider, images };
}

const graph = {
  nodes: [{ id: "app", type: "workload", properties: { image: "hello-iot:v1.0", port: 8080 } }],
  edges: [],
};
/** GET the manifest the credentials name, as a cluster would (`host/namespace/name:tag`). */
const pullManifest = (pull: NonNullable<NonNullable<NodeContext["image"]>["pull"]>) => {
  const repository = pull.reference.slice(pull.registry.length + 1);
  const [name, tag] = [repository.slice(0, repository.lastIndexOf(":")), repository.slice(repository.lastIndexOf(":") + 1)];
  const Authorization = `Basic ${Buffer.from(`${pull.username}:${pull.password}`).toString("base64")}`;
  return handleRegistryRequest(new Request(`http://${pull.registry}/v2/${name}/manifests/${tag}`, { headers: { Authorization } }));
};

let isv: User;
beforeAll(async () => {
  process.env.PUBLIC_URL = "http://registry.example:8443/";
  isv = await makeUser(["isv"]);
  await validatedVersion(isv, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
});
afterAll(() => void delete process.env.PUBLIC_URL);

describe("the engine's pull credentials (NodeContext.image.pull)", () => {
  it("are filled for a Kubernetes target: PUBLIC_URL's host, the handle, a token that pulls until uninstall", async () => {
    activateTarget("kubernetes", {});
    const { provider, images } = recordingProvider();
    const d = createDeployment(isv, { graph, purpose: "test", location: "cloud" });
    await reconcileDeployment(d.id, provider);
    const pull = images[0]!.pull!;
    expect(pull).toMatchObject({ reference: `registry.example:8443/${isv.handle}/hello-iot:v1.0`, registry: "registry.example:8443", username: `deployment-${d.id}` });
    expect((await pullManifest(pull)).status).toBe(200);
    requestUninstall(isv, d.id);
    await reconcileDeployment(d.id, provider);
    expect((await pullManifest(pull)).status).toBe(401);
  });

  it("are absent for a Docker target that loads archives, present when it pulls", async () => {
    for (const [settings, pulls] of [[{}, false], [{ pullFromRegistry: true }, true]] as const) {
      activateTarget("docker", settings);
      const { provider, images } = recordingProvider();
      const d = createDeployment(isv, { graph, purpose: "test", location: "edge" });
      await reconcileDeployment(d.id, provider);
      expect(images[0]!.archivePath).toMatch(/images\/sha256\//);
      expect(Boolean(images[0]!.pull)).toBe(pulls);
    }
  });
});
