import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import * as tus from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { imageVersions } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { createUploadServer, UPLOADS_PATH } from "@/lib/images/uploads";
import { drainJobs } from "@/lib/jobs/worker";
import { uploadsDir } from "@/lib/storage";
import { dockerSave, FIXTURES, sha256, tarBuffer } from "../support/archives";
import { serve } from "../support/http";
import { makeUser } from "../support/users";


let server: Awaited<ReturnType<typeof serve>>;
const keys: Record<"isv" | "other" | "buyer", string> = { isv: "", other: "", buyer: "" };

function start() {
  const tusServer = createUploadServer(); // a new instance, as after a restart
  return serve((req, res) => void tusServer.handle(req, res));
}

beforeAll(async () => {
  server = await start();
  keys.isv = createApiKey(await makeUser(["isv"]), { name: "ci" }).key;
  keys.other = createApiKey(await makeUser(["isv"]), { name: "ci" }).key;
  keys.buyer = createApiKey(await makeUser(["buyer"]), { name: "ci" }).key;
});
afterAll(() => server.close());

type Options = Partial<tus.UploadOptions> & { key?: string };

/** Uploads with tus-js-client; resolves with the upload URL, rejects with the HTTP status. */
function upload(data: Buffer, filename: string, { key = keys.isv, ...options }: Options = {}) {
  let instance!: tus.Upload;
  const done = new Promise<string>((resolve, reject) => {
    instance = new tus.Upload(data, {
      endpoint: `${server.base}${UPLOADS_PATH}`,
      headers: { "X-Auth-Token": key },
      metadata: { filename },
      retryDelays: null,
      onSuccess: () => resolve(instance.url!),
      onError: (error) => reject(Object.assign(error, { status: (error as tus.DetailedError).originalResponse?.getStatus() })),
      ...options,
    });
    instance.start();
  });
  done.catch(() => {}); // uploads a test aborts on purpose are never awaited
  return { instance, done };
}

const versionByName = (fileName: string) => getDb().select().from(imageVersions).where(eq(imageVersions.fileName, fileName)).get();
const partialFiles = () => fs.readdirSync(uploadsDir());

describe("image uploads over tus", () => {
  it("uploads the fixture, which the worker validates into a ready version", async () => {
    const file = fs.readFileSync(`${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
    await upload(file, "docker_hello-iot_v1.0.tar.gz").done;
    expect(versionByName("docker_hello-iot_v1.0.tar.gz")?.status).toBe("validating");
    await drainJobs();
    const version = versionByName("docker_hello-iot_v1.0.tar.gz")!;
    expect(version).toMatchObject({ status: "ready", sha256: sha256(file), size: file.length, repoTags: ["localhost/hello-iot:v1.0"], uploadId: null });
    // Stored decompressed, so the registry endpoint can serve layers as byte ranges of it.
    expect(fs.readFileSync(version.filePath!).equals(gunzipSync(file))).toBe(true);
    expect(version.registryManifestDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(partialFiles()).toEqual([]);
  });

  it("refuses a wrong name, an existing version and an oversize length before any byte, storing nothing", async () => {
    const before = partialFiles().length;
    const data = await dockerSave();
    await expect(upload(data, "hello.tar").done).rejects.toMatchObject({ status: 422 });
    await expect(upload(data, "docker_Hello_v1.tar").done).rejects.toMatchObject({ status: 422 });
    await expect(upload(data, "docker_hello-iot_v1.0.tar.gz").done).rejects.toMatchObject({ status: 409 });
    const tooBig = await fetch(`${server.base}${UPLOADS_PATH}`, {
      method: "POST",
      headers: { "Tus-Resumable": "1.0.0", "Upload-Length": String(2 * 1024 ** 3 + 1), "X-Auth-Token": keys.isv, "Upload-Metadata": `filename ${Buffer.from("docker_big_v1.0.tar").toString("base64")}` },
    });
    expect(tooBig.status).toBe(413);
    expect(versionByName("hello.tar")).toBeUndefined();
    expect(versionByName("docker_big_v1.0.tar")).toBeUndefined();
    expect(partialFiles().length).toBe(before);
  });

  it("answers 401 without credentials, 403 to a buyer and 404 to another ISV", async () => {
    const data = await dockerSave();
    await expect(upload(data, "docker_anon_v1.0.tar", { key: "sc_nope" }).done).rejects.toMatchObject({ status: 401 });
    await expect(upload(data, "docker_buyer_v1.0.tar", { key: keys.buyer }).done).rejects.toMatchObject({ status: 403 });

    const mine = upload(await dockerSave({ layers: [await tarBuffer([{ name: "big", data: randomBytes(2 << 20) }])] }), "docker_mine_v1.0.tar", {
      chunkSize: 256 * 1024,
      onProgress: (sent) => sent >= 512 * 1024 && void mine.instance.abort(),
    });
    await waitFor(() => mine.instance.url !== null && (versionByName("docker_mine_v1.0.tar")?.uploadId ?? null) !== null);
    const head = await fetch(mine.instance.url!, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0", "X-Auth-Token": keys.other } });
    expect(head.status).toBe(404);
    const del = await fetch(mine.instance.url!, { method: "DELETE", headers: { "Tus-Resumable": "1.0.0", "X-Auth-Token": keys.other } });
    expect(del.status).toBe(404);
    expect(versionByName("docker_mine_v1.0.tar")?.status).toBe("uploading");
  });

  it("resumes after an abort and after a server restart, from where it stopped", async () => {
    const data = await dockerSave({ layers: [await tarBuffer([{ name: "big", data: randomBytes(3 << 20) }])] });
    const first = upload(data, "docker_resume_v1.0.tar", {
      chunkSize: 256 * 1024,
      onProgress: (sent) => sent >= 1 << 20 && void first.instance.abort(),
    });
    await waitFor(async () => (await offsetOf(first.instance.url)) > 0);
    const url = first.instance.url!;
    const stoppedAt = await offset(url);
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(data.length);

    await server.close();
    server = await start();
    const movedUrl = `${server.base}${new URL(url).pathname}`;
    expect(await offset(movedUrl)).toBe(stoppedAt);

    const progress: number[] = [];
    await upload(data, "docker_resume_v1.0.tar", { uploadUrl: movedUrl, chunkSize: 256 * 1024, onProgress: (sent) => void progress.push(sent) }).done;
    // Nothing before the stop was sent again.
    expect(Math.min(...progress)).toBeGreaterThanOrEqual(stoppedAt);
    await drainJobs();
    expect(versionByName("docker_resume_v1.0.tar")).toMatchObject({ status: "ready", sha256: sha256(data) });
  });

  it("cancelling removes the partial upload and its version", async () => {
    const data = await dockerSave({ layers: [await tarBuffer([{ name: "big", data: randomBytes(2 << 20) }])] });
    const started = upload(data, "docker_cancel_v1.0.tar", { chunkSize: 256 * 1024, onProgress: (sent) => sent >= 512 * 1024 && void started.instance.abort() });
    await waitFor(async () => (await offsetOf(started.instance.url)) > 0);
    const id = versionByName("docker_cancel_v1.0.tar")!.uploadId!;
    expect(partialFiles()).toContain(id);
    await tus.Upload.terminate(started.instance.url!, { headers: { "X-Auth-Token": keys.isv } });
    expect(versionByName("docker_cancel_v1.0.tar")).toBeUndefined();
    expect(partialFiles().filter((f) => f.startsWith(id))).toEqual([]);
  });

  it("marks a corrupt upload failed with the reason and keeps no file", async () => {
    await upload(await dockerSave({ diffIds: [`sha256:${"1".repeat(64)}`] }), "docker_corrupt_v1.0.tar").done;
    await drainJobs();
    expect(versionByName("docker_corrupt_v1.0.tar")).toMatchObject({ status: "failed", failureCode: "diffIdMismatch", filePath: null });
    expect(partialFiles().filter((f) => !f.startsWith(versionByName("docker_mine_v1.0.tar")?.uploadId ?? "-"))).toEqual([]);
  });
});

/** The server's offset of an upload, once the client knows its URL. */
async function offsetOf(url: string | null): Promise<number> {
  return url ? offset(url) : 0;
}

async function offset(url: string): Promise<number> {
  const response = await fetch(url, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0", "X-Auth-Token": keys.isv } });
  return Number(response.headers.get("upload-offset") ?? 0);
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
