// Builds image archives for tests: valid docker-save (≤ 24 and 25+ layouts) and every corrupt
// variant the validator must refuse.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";

export type Entry = { name: string; data?: Buffer | string; type?: "file" | "symlink" | "link" | "directory"; linkname?: string; size?: number };

export const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

export async function tarBuffer(entries: Entry[], { finalize = true } = {}): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (chunk) => void chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve) => pack.on("end", () => resolve()));
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? "");
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: entry.name, type: entry.type ?? "file", linkname: entry.linkname, size: data.length }, data, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }
  if (!finalize) return Buffer.concat(chunks);
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** A layer: a small tar with one file. */
export const layerTar = (text = "hello") => tarBuffer([{ name: "app/hello.txt", data: text }]);

export type DockerSaveOptions = {
  layers?: Buffer[];
  tags?: string[];
  /** Docker 25+: config and layers under blobs/sha256, plus index.json and oci-layout. */
  blobs?: boolean;
  diffIds?: string[];
  manifest?: (m: Record<string, unknown>[]) => unknown;
  /** Change the entries before packing (drop, add, rename). */
  entries?: (entries: Entry[]) => Entry[];
};

export async function dockerSave(options: DockerSaveOptions = {}): Promise<Buffer> {
  const layers = options.layers ?? [await layerTar()];
  const config = JSON.stringify({
    architecture: "amd64",
    os: "linux",
    rootfs: { type: "layers", diff_ids: options.diffIds ?? layers.map((l) => `sha256:${sha256(l)}`) },
  });
  const configName = options.blobs ? `blobs/sha256/${sha256(config)}` : `${sha256(config)}.json`;
  const layerNames = layers.map((l, i) => (options.blobs ? `blobs/sha256/${sha256(l)}` : `layer${i}/layer.tar`));
  const manifest = [{ Config: configName, RepoTags: options.tags ?? ["localhost/test:v1.0"], Layers: layerNames }];
  let entries: Entry[] = [
    { name: configName, data: config },
    ...layers.map((data, i) => ({ name: layerNames[i], data })),
    { name: "manifest.json", data: JSON.stringify(options.manifest ? options.manifest(manifest) : manifest) },
  ];
  if (options.blobs) {
    entries.push({ name: "oci-layout", data: JSON.stringify({ imageLayoutVersion: "1.0.0" }) });
    entries.push({ name: "index.json", data: JSON.stringify({ schemaVersion: 2, manifests: [] }) });
  }
  if (options.entries) entries = options.entries(entries);
  return tarBuffer(entries);
}

export const gzip = (data: Buffer) => gzipSync(data, { level: 1 });

/**
 * A small .tar.gz whose tar stream is `unpackedBytes` long: one huge entry of zeros, written as
 * repeated gzip members so it takes milliseconds to build and a few MB on disk.
 */
export async function gzipBomb(unpackedBytes: number): Promise<Buffer> {
  const header = (await tarBuffer([{ name: "layer.tar", data: "" }], { finalize: false })).subarray(0, 512);
  // Rewrite the size field (octal, 11 digits) and the checksum of the header.
  const block = Buffer.from(header);
  block.write(unpackedBytes.toString(8).padStart(11, "0") + "\0", 124, "latin1");
  block.fill(" ", 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
  const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  const members = Math.ceil(unpackedBytes / (64 * 1024 * 1024));
  return Buffer.concat([gzipSync(block), ...Array.from({ length: members }, () => member)]);
}

export function writeTemp(name: string, data: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-archive-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

export const FIXTURES = path.resolve("tests/fixtures/images");
