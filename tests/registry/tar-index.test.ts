import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { scanTar } from "@/lib/images/archive/scan";
import { verifyImageArchive } from "@/lib/images/archive/verify";
import { locateBlobs } from "@/lib/images/archive/blobs";
import { deriveRegistryImage } from "@/lib/images/archive/manifest";
import { indexTar } from "@/lib/images/archive/tar-index";
import { dockerSave, FIXTURES, layerTar, sha256, tarBuffer, writeTemp } from "../support/archives";

const bytesAt = (file: string, m: { offset: number; size: number }) => fs.readFileSync(file).subarray(m.offset, m.offset + m.size);

describe("indexTar", () => {
  it("finds every member's bytes from the headers: ustar prefixes, pax long names, links, empty files", async () => {
    const long = `${"deep/".repeat(60)}file.txt`; // 308 characters: a pax header
    const prefixed = `${"a".repeat(90)}/${"b".repeat(60)}.txt`; // fits ustar's prefix + name
    const file = writeTemp(
      "index.tar",
      await tarBuffer([
        { name: "dir", type: "directory" },
        { name: "dir/one.txt", data: "one" },
        { name: long, data: "long name" },
        { name: prefixed, data: "x".repeat(1500) },
        { name: "empty", data: "" },
        { name: "dir/alias", type: "symlink", linkname: "one.txt" },
        { name: "hard", type: "link", linkname: "dir/one.txt" },
        { name: "dangling", type: "symlink", linkname: "nowhere" },
      ]),
    );
    const index = indexTar(file);
    expect(bytesAt(file, index.get("dir/one.txt")!).toString()).toBe("one");
    expect(bytesAt(file, index.get(long)!).toString()).toBe("long name");
    expect(bytesAt(file, index.get(prefixed)!).toString()).toBe("x".repeat(1500));
    expect(index.get("empty")!.size).toBe(0);
    expect(index.get("dir/alias")).toEqual(index.get("dir/one.txt"));
    expect(index.get("hard")).toEqual(index.get("dir/one.txt"));
    expect(index.has("dangling")).toBe(false);
    expect(index.has("dir")).toBe(false);
  });

  it("returns nothing for a file that is not a tar", () => {
    expect(indexTar(writeTemp("junk.tar", Buffer.alloc(2048, 0))).size).toBe(0);
    expect(locateBlobs(writeTemp("junk2.tar", Buffer.alloc(100, 7)), { "sha256:x": "manifest.json" })).toBeNull();
  });
});

describe("deriveRegistryImage", () => {
  it("derives the same manifest digest from the same archive (stable), with blobs that hash to their digests", async () => {
    const file = `${FIXTURES}/docker_hello-iot_v1.0.tar`;
    const first = deriveRegistryImage(await scanTar(file, false));
    const again = deriveRegistryImage(await scanTar(file, false));
    expect(again.digest).toBe(first.digest);
    expect(first.digest).toBe(`sha256:${sha256(first.manifest)}`);
    const located = locateBlobs(file, first.blobs)!;
    for (const [digest, member] of Object.entries(located)) expect(`sha256:${sha256(bytesAt(file, member))}`).toBe(digest);
    const manifest = JSON.parse(first.manifest);
    // The old docker save layout links <id>/layer.tar to the blob; the manifest names the layer by its content.
    expect(manifest.layers[0].digest).toBe("sha256:017d8ae3f7af82dae2f9fd2ffa2fcc892bcdf84a5c1918ca9914fe0b1f72b93b");
    expect(manifest.config.size).toBe(642);
  });

  it("keeps layers in the manifest's order, repeated layers included", async () => {
    const [a, b] = [await layerTar("a"), await layerTar("b")];
    const file = writeTemp("order.tar", await dockerSave({ layers: [b, a, b] }));
    const scan = await scanTar(file, false);
    verifyImageArchive(scan);
    const manifest = JSON.parse(deriveRegistryImage(scan).manifest);
    expect(manifest.layers.map((l: { digest: string }) => l.digest)).toEqual([b, a, b].map((l) => `sha256:${sha256(l)}`));
  });
});
