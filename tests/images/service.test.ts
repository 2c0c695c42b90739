import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { images, imageVersions, specImageRefs, type User } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { ABANDONED_UPLOAD_MS, getImageOrThrow, INTERRUPTED_AFTER_MS, listImages } from "@/lib/images/queries";
import { imageListQuerySchema } from "@/lib/images/schema";
import { beginUpload, completeUpload, deleteVersion } from "@/lib/images/service";
import { imageArchivePath, uploadPath } from "@/lib/storage";
import { makeApp, makeSpec, workloadGraph } from "../support/apps";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const query = (q: Record<string, string> = {}) => imageListQuerySchema.parse(q);

/** A ready version with a file, as validation leaves it. */
function readyVersion(user: User, fileName: string, content = fileName) {
  const v = beginUpload(user, { fileName, size: content.length, uploadId: randomUUID() });
  completeUpload(v.uploadId!);
  const sha = `${randomUUID().replace(/-/g, "")}${content.length}`;
  const file = imageArchivePath(sha);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  getDb().update(imageVersions).set({ status: "ready", sha256: sha, filePath: file, uploadId: null }).where(eq(imageVersions.id, v.id)).run();
  return { ...v, filePath: file };
}

describe("beginUpload", () => {
  it("creates the image on its first version and adds versions to it", async () => {
    const isv = await makeUser(["isv"]);
    const a = beginUpload(isv, { fileName: "docker_gateway_v1.0.tar", size: 10, uploadId: "u-a" });
    const b = beginUpload(isv, { fileName: "docker_gateway_1.0.1.tar.gz", size: 10, uploadId: "u-b" });
    expect(a.imageId).toBe(b.imageId);
    expect(getImageOrThrow(isv.id, a.imageId).versions.map((v) => [v.version, v.status])).toEqual([
      ["1.0.1", "uploading"],
      ["v1.0", "uploading"],
    ]);
  });

  it.each([
    ["hello.tar", 10, ValidationError, "fileNameInvalid"],
    ["docker_Gateway_v1.0.tar", 10, ValidationError, "fileNameInvalid"],
    ["docker_gw_v1.tar", 10, ValidationError, "fileNameInvalid"],
    ["docker_gw_v1.0.zip", 10, ValidationError, "fileNameInvalid"],
    ["docker_gw_v1.0.tar", 0, ValidationError, "fileEmpty"],
    ["docker_gw_v1.0.tar", 2 * 1024 ** 3 + 1, ValidationError, "archiveTooLarge"],
  ] as const)("refuses %s of %d bytes and stores nothing", async (fileName, size, type, message) => {
    const isv = await makeUser(["isv"]);
    expect(() => beginUpload(isv, { fileName, size, uploadId: randomUUID() })).toThrow(expect.objectContaining({ constructor: type, message }));
    expect(listImages(isv.id, query()).total).toBe(0);
  });

  it("refuses an existing version, a kind clash and buyers", async () => {
    const isv = await makeUser(["isv"]);
    beginUpload(isv, { fileName: "docker_edge_v2.0.tar", size: 5, uploadId: "u-1" });
    expect(() => beginUpload(isv, { fileName: "docker_edge_v2.0.tar.gz", size: 5, uploadId: "u-2" })).toThrow(ConflictError);
    expect(() => beginUpload(isv, { fileName: "vm_edge_v3.0.qcow2", size: 5, uploadId: "u-3" })).toThrow(ConflictError);
    expect(getImageOrThrow(isv.id, listImages(isv.id, query()).images[0].id).versions).toHaveLength(1);
    const buyer = await makeUser(["buyer"]);
    expect(() => beginUpload(buyer, { fileName: "docker_x_v1.0.tar", size: 5, uploadId: "u-4" })).toThrow(ForbiddenError);
  });
});

describe("listImages", () => {
  it("shows each ISV only its own images, filtered, sorted and paged on the server", async () => {
    const isv = await makeUser(["isv"]);
    const other = await makeUser(["isv"]);
    readyVersion(other, "docker_alpha_v1.0.tar");
    for (let i = 0; i < 22; i++) readyVersion(isv, `docker_svc-${String(i).padStart(2, "0")}_v1.0.tar`, "x".repeat(i + 1));
    readyVersion(isv, "docker_alpha_v1.0.tar");
    beginUpload(isv, { fileName: "docker_half_v1.0.tar", size: 99, uploadId: randomUUID() });

    const first = listImages(isv.id, query({ sort: "name", dir: "asc" }));
    expect(first.total).toBe(24);
    expect(first.pageCount).toBe(2);
    expect(first.images).toHaveLength(20);
    expect(first.images[0].name).toBe("alpha");
    expect(listImages(isv.id, query({ sort: "name", dir: "asc", page: "2" })).images.map((i) => i.name)).toEqual(["svc-18", "svc-19", "svc-20", "svc-21"]);
    expect(listImages(isv.id, query({ sort: "size", dir: "desc" })).images[0].name).toBe("half");
    expect(listImages(isv.id, query({ q: "SVC-1" })).total).toBe(10);
    expect(listImages(isv.id, query({ q: "%" })).total).toBe(0);
    expect(listImages(isv.id, query({ q: "_" })).total).toBe(0);
    expect(listImages(isv.id, query({ status: "uploading" })).images.map((i) => i.name)).toEqual(["half"]);
    expect(listImages(isv.id, query({ status: "bogus", sort: "bogus", page: "-3" })).total).toBe(24);
    expect(listImages(other.id, query()).images.map((i) => i.name)).toEqual(["alpha"]);
    expect(() => getImageOrThrow(other.id, first.images[0].id)).toThrow(NotFoundError);
  });
});

describe("deleteVersion", () => {
  it("deletes the version and its file, and the image with its last version", async () => {
    const isv = await makeUser(["isv"]);
    const v1 = readyVersion(isv, "docker_del_v1.0.tar", "one");
    const v2 = readyVersion(isv, "docker_del_v2.0.tar", "two");
    deleteVersion(isv, v1.imageId, "v1.0");
    expect(fs.existsSync(v1.filePath)).toBe(false);
    expect(getImageOrThrow(isv.id, v1.imageId).versions.map((v) => v.version)).toEqual(["v2.0"]);
    deleteVersion(isv, v2.imageId, "v2.0");
    expect(getDb().select().from(images).where(eq(images.id, v1.imageId)).get()).toBeUndefined();
  });

  it("refuses while a spec uses the version, naming the specs, and refuses other ISVs", async () => {
    const isv = await makeUser(["isv"]);
    const other = await makeUser(["isv"]);
    const v = readyVersion(isv, "docker_used_v1.0.tar");
    const app = makeApp(isv, "园区网关");
    makeSpec(isv, app.id, "标准版", workloadGraph("used:v1.0"));
    makeSpec(isv, app.id, "专业版", workloadGraph("used:v1.0"));
    expect(() => deleteVersion(isv, v.imageId, "v1.0")).toThrow(
      expect.objectContaining({ constructor: InvalidStateError, message: "versionInUse", params: { specs: "园区网关 / 专业版, 园区网关 / 标准版" } }),
    );
    expect(() => deleteVersion(other, v.imageId, "v1.0")).toThrow(NotFoundError);
    expect(fs.existsSync(v.filePath)).toBe(true);
    expect(getImageOrThrow(isv.id, v.imageId).versions[0].linkedSpecs.map((s) => s.specName)).toEqual(["专业版", "标准版"]);
    getDb().delete(specImageRefs).run();
  });
});

describe("REST API", () => {
  it("lists, reads and deletes the caller's images; 403 for buyers, 404 for others' ids, 409 when in use", async () => {
    const { GET: list } = await import("@/app/api/v1/images/route");
    const { GET: read } = await import("@/app/api/v1/images/[imageId]/route");
    const { DELETE: remove } = await import("@/app/api/v1/images/[imageId]/versions/[version]/route");
    const isv = await makeUser(["isv"]);
    const key = createApiKey(isv, { name: "pipeline" }).key;
    const otherKey = createApiKey(await makeUser(["isv"]), { name: "p" }).key;
    const buyerKey = createApiKey(await makeUser(["buyer"]), { name: "p" }).key;
    const v = readyVersion(isv, "docker_api_v1.0.tar");
    const req = (k: string, url = "http://x/api/v1/images") => new Request(url, { headers: { "X-Auth-Token": k } });
    const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) }) as never;

    const listed = await (await list(req(key), undefined)).json();
    expect(listed.images).toEqual([
      expect.objectContaining({ id: v.imageId, name: "api", kind: "docker", versions: [expect.objectContaining({ version: "v1.0", status: "ready", linkedSpecs: [] })] }),
    ]);
    expect((await list(req(buyerKey), undefined)).status).toBe(403);
    expect((await read(req(key), ctx({ imageId: v.imageId }))).status).toBe(200);
    expect((await read(req(otherKey), ctx({ imageId: v.imageId }))).status).toBe(404);

    const spec = makeSpec(isv, makeApp(isv, "api-app").id, "spec-z", workloadGraph("api:v1.0"));
    const linked = await (await read(req(key), ctx({ imageId: v.imageId }))).json();
    expect(linked.versions[0].linkedSpecs).toEqual([{ application: "api-app", spec: "spec-z", applicationId: spec.applicationId, specId: spec.id }]);
    const inUse = await remove(req(key), ctx({ imageId: v.imageId, version: "v1.0" }));
    expect(inUse.status).toBe(409);
    expect((await inUse.json()).error_msg).toContain("api-app / spec-z");
    getDb().delete(specImageRefs).run();
    expect((await remove(req(otherKey), ctx({ imageId: v.imageId, version: "v1.0" }))).status).toBe(404);
    expect((await remove(req(key), ctx({ imageId: v.imageId, version: "v1.0" }))).status).toBe(204);
    expect((await read(req(key), ctx({ imageId: v.imageId }))).status).toBe(404);
  });
});

describe("abandoned uploads", () => {
  it("are removed, with their partial bytes, when a new upload begins a week later", async () => {
    const isv = await makeUser(["isv"]);
    const old = beginUpload(isv, { fileName: "docker_stale_v1.0.tar", size: 10, uploadId: "stale-upload" });
    const partial = path.join(process.env.DATA_DIR!, "uploads", "stale-upload");
    fs.mkdirSync(path.dirname(partial), { recursive: true });
    fs.writeFileSync(partial, "half");
    const fresh = beginUpload(isv, { fileName: "docker_fresh_v1.0.tar", size: 10, uploadId: "fresh-upload" });
    expect(getImageOrThrow(isv.id, old.imageId).versions).toHaveLength(1); // a day is not a week

    beginUpload(isv, { fileName: "docker_later_v1.0.tar", size: 10, uploadId: randomUUID() }, Date.now() + ABANDONED_UPLOAD_MS + 60_000);
    expect(() => getImageOrThrow(isv.id, old.imageId)).toThrow(NotFoundError);
    expect(() => getImageOrThrow(isv.id, fresh.imageId)).toThrow(NotFoundError);
    expect(fs.existsSync(partial)).toBe(false);
  });
});

describe("an upload nobody continues", () => {
  it("shows as interrupted once its partial file stopped growing, with the day it is removed", async () => {
    const isv = await makeUser(["isv"]);
    const uploadIds = [randomUUID(), randomUUID()];
    const [stalled, live] = uploadIds.map((uploadId, i) => beginUpload(isv, { fileName: `docker_part${i}_v1.0.tar`, size: 1000, uploadId }));
    for (const id of uploadIds) fs.writeFileSync(uploadPath(id), "partial");
    const longAgo = (Date.now() - INTERRUPTED_AFTER_MS - 60_000) / 1000;
    fs.utimesSync(uploadPath(uploadIds[0]), longAgo, longAgo);
    try {
      const versions = listImages(isv.id, imageListQuerySchema.parse({})).images.flatMap((i) => i.versions);
      const of = (id: string) => versions.find((v) => v.id === id)!;
      expect(of(stalled.id)).toMatchObject({ status: "uploading", interrupted: { expiresAt: new Date(of(stalled.id).createdAt.getTime() + ABANDONED_UPLOAD_MS) } });
      expect(of(live.id)).toMatchObject({ status: "uploading", interrupted: null });
    } finally {
      for (const id of uploadIds) fs.rmSync(uploadPath(id), { force: true });
    }
  });
});
