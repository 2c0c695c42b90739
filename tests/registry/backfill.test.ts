import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { imageVersions } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { drainJobs } from "@/lib/jobs/worker";
import { enqueueRegistryBackfill } from "@/lib/registry/backfill-job";
import { handleRegistryRequest } from "@/lib/registry/handler";
import { FIXTURES } from "../support/archives";
import { readyImageFrom } from "../support/images";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

describe("versions validated before the registry existed", () => {
  it("get their manifest at server start; a stored .tar.gz becomes its tar; a broken file stays unserved", async () => {
    registerJobHandlers();
    const isv = await makeUser(["isv"]);
    const key = createApiKey(isv, { name: "k" }).key;
    const archive = path.join(process.env.DATA_DIR!, "old.tar.gz");
    fs.copyFileSync(`${FIXTURES}/docker_hello-iot_v1.0.tar.gz`, archive);
    const old = await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", archive);
    const broken = await readyImageFrom(isv, "docker_broken_v1.0.tar", `${FIXTURES}/docker_hello-iot_v1.0.tar`);
    const brokenFile = path.join(process.env.DATA_DIR!, "broken.tar");
    fs.writeFileSync(brokenFile, "not a tar at all");
    getDb().update(imageVersions).set({ filePath: brokenFile }).where(eq(imageVersions.id, broken.id)).run();
    // As validation left versions before the registry existed: no manifest, no blobs.
    getDb().update(imageVersions).set({ registryManifest: null, registryManifestDigest: null, registryBlobs: null }).run();
    const row = (id: string) => getDb().select().from(imageVersions).where(eq(imageVersions.id, id)).get()!;
    expect(row(old.id).registryManifestDigest).toBeNull();

    enqueueRegistryBackfill();
    enqueueRegistryBackfill(); // a second start before the worker ran: no duplicate jobs
    await drainJobs();
    const after = row(old.id);
    expect(after.registryManifestDigest).toMatch(/^sha256:/);
    expect(fs.readFileSync(archive).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
    expect(row(broken.id).registryManifestDigest).toBeNull();
    const manifest = await handleRegistryRequest(
      new Request(`http://x/v2/${isv.handle}/hello-iot/manifests/v1.0`, { headers: { Authorization: `Bearer ${key}` } }),
    );
    expect(manifest.headers.get("docker-content-digest")).toBe(after.registryManifestDigest);
    const layer = JSON.parse(after.registryManifest!).layers[0].digest;
    const blob = await handleRegistryRequest(new Request(`http://x/v2/${isv.handle}/hello-iot/blobs/${layer}`, { headers: { Authorization: `Bearer ${key}` } }));
    expect(`sha256:${(await import("node:crypto")).createHash("sha256").update(Buffer.from(await blob.arrayBuffer())).digest("hex")}`).toBe(layer);
  });
});
