import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateArchive } from "@/lib/images/archive";
import { ArchiveError } from "@/lib/images/archive/errors";
import type { ArchiveFormat } from "@/lib/images/naming";
import { dockerSave, FIXTURES, gzip, gzipBomb, layerTar, sha256, tarBuffer, writeTemp } from "../support/archives";

const validate = (data: Buffer, format: ArchiveFormat = "tar") => validateArchive(writeTemp(`a.${format}`, data), format);

async function refusal(data: Buffer | Promise<Buffer>, format: ArchiveFormat = "tar") {
  const error = await validate(await data, format).then(() => null, (e) => e);
  expect(error).toBeInstanceOf(ArchiveError);
  return { code: (error as ArchiveError).code, detail: (error as ArchiveError).detail };
}

describe("validateArchive accepts what Docker loads", () => {
  it.each([
    ["docker_hello-iot_v1.0.tar", "tar"],
    ["docker_hello-iot_v1.0.tar.gz", "tar.gz"],
    ["docker_hello-iot_v1.0-oci.tar", "tar"],
  ] as const)("the fixture %s (skopeo-written), with the file's sha256 as sha256sum computes it", async (name, format) => {
    const file = path.join(FIXTURES, name);
    const result = await validateArchive(file, format);
    const expected = execFileSync("sha256sum", [file]).toString().split(" ")[0];
    expect(result).toMatchObject({
      sha256: expected,
      size: fs.statSync(file).size,
      unpackedSize: 2000896 - (name.includes("oci") ? 2000896 - 1091584 : 0),
      facts: { repoTags: ["localhost/hello-iot:v1.0"], os: "linux", architecture: "amd64" },
    });
  });

  it("a Docker 25+ archive (OCI layout with manifest.json into blobs/)", async () => {
    const result = await validate(await dockerSave({ blobs: true, tags: ["localhost/new:v2.0"] }));
    expect(result.facts?.repoTags).toEqual(["localhost/new:v2.0"]);
  });

  it("several layers, a gzip layer and in-archive relative symlinks", async () => {
    const plain = await layerTar("one");
    const zipped = gzip(await layerTar("two"));
    const archive = await dockerSave({
      layers: [plain, zipped],
      diffIds: [`sha256:${sha256(plain)}`, `sha256:${sha256(await layerTar("two"))}`],
      entries: (entries) => [...entries, { name: "layer9/layer.tar", type: "symlink", linkname: "../layer0/layer.tar" }],
    });
    expect((await validate(archive)).facts?.os).toBe("linux");
  });

  it("VM disks by their header, and OVA as a tar with an .ovf", async () => {
    expect((await validate(Buffer.concat([Buffer.from([0x51, 0x46, 0x49, 0xfb]), Buffer.alloc(1024)]), "qcow2")).size).toBe(1028);
    expect((await validate(Buffer.from("# Disk DescriptorFile\nversion=1\n"), "vmdk")).facts).toBeNull();
    expect((await validate(Buffer.alloc(4096), "raw")).size).toBe(4096);
    expect((await validate(await tarBuffer([{ name: "app.ovf", data: "<Envelope/>" }, { name: "disk.vmdk", data: "KDMV" }]), "ova")).size).toBeGreaterThan(0);
  });
});

describe("validateArchive refuses, saying why", () => {
  it.each<[string, () => Buffer | Promise<Buffer>, ArchiveFormat, string, string?]>([
    ["not a tar", () => Buffer.from("this is not an archive at all, just text ".repeat(40)), "tar", "notTar"],
    ["a truncated tar", async () => (await dockerSave({ layers: [Buffer.alloc(8192, 7)] })).subarray(0, 3000), "tar", "truncated"],
    ["a .tar.gz that is not gzip", async () => dockerSave(), "tar.gz", "notGzip"],
    ["a gzip that is not a tar", () => gzip(Buffer.from("plain text, gzipped ".repeat(100))), "tar.gz", "gzipNotTar"],
    ["a truncated gzip", async () => gzip(await dockerSave()).subarray(0, 300), "tar.gz", "truncated"],
    ["no manifest.json", () => dockerSave({ entries: (e) => e.filter((x) => x.name !== "manifest.json") }), "tar", "manifestMissing"],
    ["a manifest that is not JSON", () => dockerSave({ entries: (e) => e.map((x) => (x.name === "manifest.json" ? { ...x, data: "{nope" } : x)) }), "tar", "manifestInvalid"],
    ["a manifest naming a missing layer", () => dockerSave({ manifest: (m) => [{ ...m[0], Layers: ["gone/layer.tar"] }] }), "tar", "layerMissing", "gone/layer.tar"],
    ["a manifest naming a missing config", () => dockerSave({ manifest: (m) => [{ ...m[0], Config: "nope.json" }] }), "tar", "configMissing", "nope.json"],
    ["more layers than DiffIDs", async () => dockerSave({ layers: [await layerTar("a"), await layerTar("b")], diffIds: [`sha256:${sha256(await layerTar("a"))}`] }), "tar", "layerCountMismatch"],
    ["a DiffID mismatch", () => dockerSave({ diffIds: [`sha256:${"0".repeat(64)}`] }), "tar", "diffIdMismatch", "layer0/layer.tar"],
    ["a layer of random bytes (hashing to its DiffID)", () => dockerSave({ layers: [randomBytes(4096)] }), "tar", "layerNotTar", "layer0/layer.tar"],
    ["a layer of text", () => dockerSave({ layers: [Buffer.from("not a tar ".repeat(100))] }), "tar", "layerNotTar", "layer0/layer.tar"],
    ["a gzip layer that is not a tar", () => {
      const inner = Buffer.from("gzipped, but no tar inside ".repeat(100));
      return dockerSave({ blobs: true, layers: [gzip(inner)], diffIds: [`sha256:${sha256(inner)}`] });
    }, "tar", "layerNotTar"],
    ["a layer tar cut inside an entry's data", async () => {
      const cut = (await tarBuffer([{ name: "big.bin", data: Buffer.alloc(4096, 1) }])).subarray(0, 2048);
      return dockerSave({ layers: [cut] });
    }, "tar", "layerNotTar", "layer0/layer.tar"],
    ["a layer tar with a broken header checksum", async () => {
      const broken = Buffer.from(await layerTar("x"));
      broken[0] ^= 1; // a name byte changes; the stored checksum no longer holds
      return dockerSave({ layers: [broken] });
    }, "tar", "layerNotTar", "layer0/layer.tar"],
    ["a blob whose name is not its digest", () => dockerSave({ blobs: true, entries: (e) => e.map((x) => (x.name.startsWith("blobs/") && x.name !== e[0].name ? { ...x, data: Buffer.concat([Buffer.from(x.data!), Buffer.alloc(512)]) } : x)) }), "tar", "blobDigestMismatch"],
    ["an entry ../x", () => dockerSave({ entries: (e) => [...e, { name: "../x", data: "escape" }] }), "tar", "unsafePath", "../x"],
    ["an entry a/../../x", () => dockerSave({ entries: (e) => [...e, { name: "a/../../x", data: "escape" }] }), "tar", "unsafePath"],
    ["an absolute entry", () => dockerSave({ entries: (e) => [{ name: "/etc/cron.d/evil", data: "* * * * * root sh" }, ...e] }), "tar", "unsafePath", "/etc/cron.d/evil"],
    ["a symlink leaving the archive", () => dockerSave({ entries: (e) => [...e, { name: "layer0/evil", type: "symlink", linkname: "../../etc/passwd" }] }), "tar", "unsafeLink"],
    ["an absolute symlink", () => dockerSave({ entries: (e) => [...e, { name: "evil", type: "symlink", linkname: "/etc/passwd" }] }), "tar", "unsafeLink"],
    ["a hard link leaving the archive", () => dockerSave({ entries: (e) => [...e, { name: "evil", type: "link", linkname: "../outside" }] }), "tar", "unsafeLink"],
    ["an empty file", () => Buffer.alloc(0), "tar", "emptyFile"],
    ["a qcow2 without its magic", () => Buffer.alloc(1024, 1), "qcow2", "vmHeaderInvalid", "qcow2"],
    ["a vmdk without a header", () => Buffer.from("hello"), "vmdk", "vmHeaderInvalid", "vmdk"],
    ["an ova without an .ovf", () => tarBuffer([{ name: "disk.vmdk", data: "KDMV" }]), "ova", "ovaWithoutOvf"],
  ])("%s", async (_name, build, format, code, detail) => {
    const refused = await refusal(build(), format);
    expect(refused.code).toBe(code);
    if (detail) expect(refused.detail).toBe(detail);
  });

  it("a tiny .tar.gz that unpacks past 2 GiB, stopping at the limit", async () => {
    const bomb = await gzipBomb(2 * 1024 ** 3 + 64 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(4 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    expect((await refusal(bomb, "tar.gz")).code).toBe("unpackedTooLarge");
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  }, 60_000);
});
