import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { deployments, type ImageVersion, type User } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { issuePullToken, pullUsername, revokePullTokens } from "@/lib/registry/tokens";
import { dockerSave, FIXTURES, gzip, layerTar, sha256, writeTemp } from "../support/archives";
import { activateTarget } from "../support/deployments";
import { serveRegistry, validatedVersion } from "../support/registry";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const run = promisify(execFile);
let server: Awaited<ReturnType<typeof serveRegistry>>;
let owner: User;
let other: User;
let ownerKey: string;
let otherKey: string;
let version: ImageVersion;
let oci: ImageVersion;
let layered: ImageVersion;
const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;
const get = (p: string, auth?: string, headers: Record<string, string> = {}, method = "GET") =>
  fetch(`${server.base}${p}`, { method, headers: { ...(auth ? { Authorization: auth } : {}), ...headers } });
const errorCode = async (r: Response) => ((await r.json()) as { errors: { code: string }[] }).errors[0]!.code;

function deploymentRow(ownerId: string) {
  const target = activateTarget("sandbox", {});
  return getDb()
    .insert(deployments)
    .values({ id: crypto.randomUUID(), ownerId, purpose: "test", targetId: target.id, graph: { nodes: [], edges: [] } })
    .returning()
    .get();
}

beforeAll(async () => {
  owner = await makeUser(["isv"]);
  other = await makeUser(["isv"]);
  ownerKey = createApiKey(owner, { name: "ci" }).key;
  otherKey = createApiKey(other, { name: "ci" }).key;
  version = await validatedVersion(owner, "docker_hello-iot_v1.0.tar.gz", `${FIXTURES}/docker_hello-iot_v1.0.tar.gz`);
  oci = await validatedVersion(owner, "docker_hello-oci_v1.0.tar", `${FIXTURES}/docker_hello-iot_v1.0-oci.tar`);
  const [plain, zipped] = [await layerTar("plain"), await layerTar("zipped")];
  const archive = await dockerSave({ layers: [plain, gzip(zipped)], diffIds: [plain, zipped].map((l) => `sha256:${sha256(l)}`), blobs: true });
  layered = await validatedVersion(owner, "docker_layered_v2.0.tar", writeTemp("layered.tar", archive));
  const vm = path.join(os.tmpdir(), `disk-${process.pid}.qcow2`);
  fs.writeFileSync(vm, Buffer.concat([Buffer.from([0x51, 0x46, 0x49, 0xfb]), Buffer.alloc(1020)]));
  await validatedVersion(owner, "vm_disk_v1.0.qcow2", vm);
  server = await serveRegistry();
}, 60_000);
afterAll(() => server?.close());

describe("validation derives what the registry serves", () => {
  it("stores the .tar.gz decompressed, with a manifest whose layers are the archive's DiffIDs", () => {
    expect(version.status).toBe("ready");
    const stored = fs.readFileSync(version.filePath!);
    expect(stored.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
    const manifest = JSON.parse(version.registryManifest!);
    expect(manifest.mediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
    expect(manifest.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual(["application/vnd.docker.image.rootfs.diff.tar"]);
    const configAt = version.registryBlobs![manifest.config.digest]!;
    const config = JSON.parse(stored.subarray(configAt.offset, configAt.offset + configAt.size).toString("utf8"));
    expect(manifest.layers.map((l: { digest: string }) => l.digest)).toEqual(config.rootfs.diff_ids);
    expect(oci.registryManifestDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  it("names a gzipped layer of a Docker 25+ archive as a gzip blob and serves it as stored", async () => {
    const manifest = JSON.parse(layered.registryManifest!);
    expect(manifest.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual([
      "application/vnd.docker.image.rootfs.diff.tar",
      "application/vnd.docker.image.rootfs.diff.tar.gzip",
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skopeo-"));
    const ref = `${server.base.replace("http://", "")}/${owner.handle}/layered:v2.0`;
    await run("skopeo", ["copy", "--src-tls-verify=false", "--preserve-digests", "--src-creds", `${owner.email}:${ownerKey}`, `docker://${ref}`, `dir:${dir}`]);
    for (const layer of manifest.layers) expect(fs.existsSync(path.join(dir, layer.digest.slice(7)))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

describe("the registry endpoint with skopeo", () => {
  it("copies the image with the owner's email and API key; the layers are the archive's DiffIDs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skopeo-"));
    const ref = `${server.base.replace("http://", "")}/${owner.handle}/hello-iot:v1.0`;
    // Without the flag skopeo gzips plain layers on the way into an OCI layout, changing their digests.
    const flags = ["--src-tls-verify=false", "--dest-oci-accept-uncompressed-layers", "--src-creds", `${owner.email}:${ownerKey}`];
    await run("skopeo", ["copy", ...flags, `docker://${ref}`, `oci:${dir}`]);
    const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
    const blob = (digest: string) => fs.readFileSync(path.join(dir, "blobs", "sha256", digest.slice(7)));
    const manifest = JSON.parse(blob(index.manifests[0].digest).toString("utf8"));
    const config = JSON.parse(blob(manifest.config.digest).toString("utf8"));
    expect(config.rootfs.diff_ids).toHaveLength(1);
    expect(manifest.layers.map((l: { digest: string }) => l.digest)).toEqual(config.rootfs.diff_ids);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("copies an OCI-layout upload as its own manifest", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skopeo-"));
    const ref = `${server.base.replace("http://", "")}/${owner.handle}/hello-oci:v1.0`;
    const { stdout } = await run("skopeo", ["inspect", "--raw", "--tls-verify=false", "--creds", `${owner.email}:${ownerKey}`, `docker://${ref}`]);
    expect(stdout.trim()).toBe(oci.registryManifest!.trim());
    await run("skopeo", ["copy", "--src-tls-verify=false", "--src-creds", `${owner.email}:${ownerKey}`, `docker://${ref}`, `oci:${dir}`]);
    // skopeo checked every blob's digest as it copied; what it wrote is the manifest's config and layers.
    const manifest = JSON.parse(oci.registryManifest!) as { config: { digest: string }; layers: { digest: string }[] };
    const blobs = fs.readdirSync(path.join(dir, "blobs", "sha256")).map((f) => `sha256:${f}`);
    expect(blobs).toEqual(expect.arrayContaining([manifest.config.digest, ...manifest.layers.map((l) => l.digest)]));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("is refused to skopeo with another ISV's key", async () => {
    const ref = `${server.base.replace("http://", "")}/${owner.handle}/hello-iot:v1.0`;
    await expect(run("skopeo", ["inspect", "--tls-verify=false", "--creds", `${other.email}:${otherKey}`, `docker://${ref}`])).rejects.toThrow(/not found|unknown/i);
  }, 30_000);
});

describe("the registry endpoint's answers", () => {
  const repo = () => `/v2/${owner.handle}/hello-iot`;
  const auth = () => basic(owner.email, ownerKey);
  const manifest = () => JSON.parse(version.registryManifest!) as { config: { digest: string; size: number }; layers: { digest: string; size: number }[] };

  it("answers the base check, manifests by tag and digest, HEAD and the tag list", async () => {
    const base = await get("/v2/", auth());
    expect(base.status).toBe(200);
    expect(base.headers.get("docker-distribution-api-version")).toBe("registry/2.0");
    const byTag = await get(`${repo()}/manifests/v1.0`, auth());
    expect(byTag.status).toBe(200);
    expect(byTag.headers.get("content-type")).toBe("application/vnd.docker.distribution.manifest.v2+json");
    expect(byTag.headers.get("docker-content-digest")).toBe(version.registryManifestDigest);
    expect(await byTag.text()).toBe(version.registryManifest);
    const byDigest = await get(`${repo()}/manifests/${version.registryManifestDigest}`, auth(), {}, "HEAD");
    expect(byDigest.status).toBe(200);
    expect(byDigest.headers.get("content-length")).toBe(String(Buffer.byteLength(version.registryManifest!)));
    expect(await byDigest.text()).toBe("");
    expect(await (await get(`${repo()}/tags/list`, auth())).json()).toEqual({ name: `${owner.handle}/hello-iot`, tags: ["v1.0"] });
    // The handle is accepted as the user name too; Bearer with the key as well.
    expect((await get(`${repo()}/tags/list`, basic(owner.handle!, ownerKey))).status).toBe(200);
    expect((await get(`${repo()}/tags/list`, `Bearer ${ownerKey}`)).status).toBe(200);
  });

  it("serves blob ranges, and 416 past the end", async () => {
    const layer = manifest().layers[0]!;
    const response = await get(`${repo()}/blobs/${layer.digest}`, auth());
    // Sent with its length, not chunked.
    expect([response.headers.get("content-length"), response.headers.get("transfer-encoding")]).toEqual([String(layer.size), null]);
    const whole = Buffer.from(await response.arrayBuffer());
    expect(whole.length).toBe(layer.size);
    expect(`sha256:${(await import("node:crypto")).createHash("sha256").update(whole).digest("hex")}`).toBe(layer.digest);
    const part = await get(`${repo()}/blobs/${layer.digest}`, auth(), { Range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${layer.size}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(100, 200))).toBe(true);
    const tail = await get(`${repo()}/blobs/${layer.digest}`, auth(), { Range: "bytes=-10" });
    expect(Buffer.from(await tail.arrayBuffer()).equals(whole.subarray(-10))).toBe(true);
    const past = await get(`${repo()}/blobs/${layer.digest}`, auth(), { Range: `bytes=${layer.size}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${layer.size}`);
    const head = await get(`${repo()}/blobs/${manifest().config.digest}`, auth(), {}, "HEAD");
    expect([head.status, head.headers.get("content-length"), head.headers.get("docker-content-digest")]).toEqual([200, String(manifest().config.size), manifest().config.digest]);
  });

  it("refuses missing and wrong credentials with 401 and the Basic challenge", async () => {
    for (const credentials of [undefined, basic(owner.email, "sc_wrong"), basic(other.email, ownerKey), "Bearer nonsense", "Digest x"]) {
      const r = await get(`${repo()}/manifests/v1.0`, credentials);
      expect(r.status).toBe(401);
      expect(r.headers.get("www-authenticate")).toBe('Basic realm="Stagecraft"');
      expect(await errorCode(r)).toBe("UNAUTHORIZED");
    }
  });

  it("answers 404 with the spec's codes for another ISV's image, unknown names, tags, blobs and VM images", async () => {
    const cases: [string, string, string][] = [
      [`${repo()}/manifests/v1.0`, basic(other.email, otherKey), "NAME_UNKNOWN"],
      [`${repo()}/tags/list`, basic(other.email, otherKey), "NAME_UNKNOWN"],
      [`${repo()}/blobs/${manifest().layers[0]!.digest}`, basic(other.email, otherKey), "NAME_UNKNOWN"],
      [`/v2/${owner.handle}/nothing/manifests/v1.0`, auth(), "NAME_UNKNOWN"],
      [`/v2/${owner.handle}/disk/manifests/v1.0`, auth(), "NAME_UNKNOWN"],
      [`${repo()}/manifests/v9.9`, auth(), "MANIFEST_UNKNOWN"],
      [`${repo()}/manifests/sha256:${"0".repeat(64)}`, auth(), "MANIFEST_UNKNOWN"],
      [`${repo()}/blobs/sha256:${"0".repeat(64)}`, auth(), "BLOB_UNKNOWN"],
      // A blob of another image of the same owner is not part of this repository.
      [`${repo()}/blobs/${JSON.parse(layered.registryManifest!).layers[0].digest}`, auth(), "BLOB_UNKNOWN"],
      [`/v2/${owner.handle}/extra/hello-iot/manifests/v1.0`, auth(), "NAME_UNKNOWN"],
    ];
    for (const [p, credentials, code] of cases) {
      const r = await get(p, credentials);
      expect([p, r.status, await errorCode(r.clone()).catch(() => r.text())]).toEqual([p, 404, code]);
    }
    const malformed = await get(`${repo()}/manifests/%E0%A4%A`, auth());
    expect([malformed.status, await errorCode(malformed)]).toEqual([404, "NAME_UNKNOWN"]);
    const bad = await get(`${repo()}/blobs/sha256:xyz`, auth());
    expect([bad.status, await errorCode(bad)]).toEqual([400, "DIGEST_INVALID"]);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const push = await get(`${repo()}/blobs/uploads/`, auth(), {}, method);
      expect([method, push.status, await errorCode(push)]).toEqual([method, 405, "UNSUPPORTED"]);
    }
  });
});

describe("pull tokens", () => {
  const repo = () => `/v2/${owner.handle}/hello-iot`;

  it("pull the deployment's versions only, until they expire or are revoked", async () => {
    const d = deploymentRow(owner.id);
    const token = issuePullToken(d.id, [version.id]);
    expect(token.username).toBe(pullUsername(d.id));
    const ok = await get(`${repo()}/manifests/v1.0`, basic(token.username, token.password));
    expect(ok.status).toBe(200);
    expect((await get(`${repo()}/manifests/v1.0`, `Bearer ${token.password}`)).status).toBe(200);
    // Another repository of the same owner, not granted: unauthorized.
    const foreignRepo = await get(`/v2/${owner.handle}/hello-oci/manifests/v1.0`, basic(token.username, token.password));
    expect([foreignRepo.status, await errorCode(foreignRepo)]).toEqual([401, "UNAUTHORIZED"]);
    // Another deployment's user name with this token: unauthorized.
    const e = deploymentRow(owner.id);
    expect((await get(`${repo()}/manifests/v1.0`, basic(pullUsername(e.id), token.password))).status).toBe(401);
    // A token of another deployment, granted another version.
    const foreign = issuePullToken(e.id, [oci.id]);
    expect((await get(`${repo()}/manifests/v1.0`, basic(foreign.username, foreign.password))).status).toBe(401);

    const expired = issuePullToken(d.id, [version.id], new Date(Date.now() - 2 * 3600_000));
    const late = await get(`${repo()}/manifests/v1.0`, basic(expired.username, expired.password));
    expect([late.status, await errorCode(late)]).toEqual([401, "UNAUTHORIZED"]);

    revokePullTokens(d.id);
    expect((await get(`${repo()}/manifests/v1.0`, basic(token.username, token.password))).status).toBe(401);
    expect((await get(`/v2/${owner.handle}/hello-oci/manifests/v1.0`, basic(foreign.username, foreign.password))).status).toBe(200);
  });
});
