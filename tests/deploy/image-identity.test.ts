import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { deployments, type User } from "@/db/schema";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { createDeployment, requestUninstall } from "@/lib/deploy/service";
import { deleteVersion } from "@/lib/images/service";
import { activateTarget } from "../support/deployments";
import { startDockerd, type TestEngine } from "../support/dockerd";
import { readyImageFrom } from "../support/images";
import { probeArchive } from "../support/probe-images";
import { makeUser } from "../support/users";

// Archives carry a tag inside them, chosen by whoever built them. Two ISVs (or two versions of
// one) may claim the same `localhost/probe:v1.0`; each deployment must still run the very image
// its spec names.
let engine: TestEngine;
let dir: string;
let alice: User;
let bob: User;

beforeAll(async () => {
  engine = await startDockerd();
  activateTarget("docker", { socketPath: engine.socketPath, healthTimeoutMs: 20_000 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-"));
  [alice, bob] = await Promise.all([makeUser(["isv"]), makeUser(["isv"])]);
}, 60_000);
afterAll(async () => {
  await engine?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

const graph = (image: string) => ({
  nodes: [
    { id: "app", type: "workload", properties: { image, port: 8080, healthPath: "/health" } },
    { id: "web", type: "endpoint", properties: { public: true } },
  ],
  edges: [{ from: "web", to: "app" }],
});

/** Installs `image` for `user`, returns what its access URL serves, and uninstalls it. */
async function served(user: User, image: string): Promise<string> {
  const d = createDeployment(user, { graph: graph(image), purpose: "test", location: "edge" });
  await reconcileDeployment(d.id);
  const row = getDb().select().from(deployments).where(eq(deployments.id, d.id)).get()!;
  expect(row).toMatchObject({ status: "running", failureMessage: null });
  const url = getDeploymentOrThrow(user, d.id).outputs!.find((o) => o.name === "accessUrl")!.value;
  const page = await (await fetch(url)).text();
  requestUninstall(user, d.id);
  await reconcileDeployment(d.id);
  return page.trim();
}

describe("which image a Docker deployment runs", () => {
  it("is the spec's own image version, whatever tag the archives claim inside", async () => {
    await readyImageFrom(alice, "docker_probe_v1.0.tar", await probeArchive(dir, "a-1.0.tar", "alice 1.0"));
    await readyImageFrom(bob, "docker_probe_v1.0.tar", await probeArchive(dir, "b-1.0.tar", "bob 1.0"));
    await readyImageFrom(alice, "docker_probe_v2.0.tar", await probeArchive(dir, "a-2.0.tar", "alice 2.0"));

    expect(await served(alice, "probe:v1.0")).toBe("alice 1.0");
    // Bob's archive says localhost/probe:v1.0 too, and the engine already has an image by that tag.
    expect(await served(bob, "probe:v1.0")).toBe("bob 1.0");
    expect(await served(alice, "probe:v2.0")).toBe("alice 2.0");
    expect(await served(alice, "probe:v1.0")).toBe("alice 1.0");
  }, 180_000);

  it("is a re-uploaded version's new content, not the stale image the engine still holds", async () => {
    await readyImageFrom(alice, "docker_fixed_v1.0.tar", await probeArchive(dir, "broken.tar", "broken"));
    expect(await served(alice, "fixed:v1.0")).toBe("broken");
    const version = getDb().$client.prepare("select v.image_id as imageId from image_versions v join images i on i.id = v.image_id where i.owner_id = ? and i.name = 'fixed'").get(alice.id) as { imageId: string };
    deleteVersion(alice, version.imageId, "v1.0");
    await readyImageFrom(alice, "docker_fixed_v1.0.tar", await probeArchive(dir, "fixed.tar", "fixed"));
    expect(await served(alice, "fixed:v1.0")).toBe("fixed");
  }, 180_000);
});
