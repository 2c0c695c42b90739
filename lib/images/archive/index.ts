import fs from "node:fs";
import { Worker } from "node:worker_threads";
import { deriveRegistryImage, type RegistryImage } from "./manifest";
import type { ArchiveFormat } from "../naming";
import { ArchiveError } from "./errors";
import { scanTar } from "./scan";
import { verifyImageArchive, type ImageFacts } from "./verify";

export { ArchiveError } from "./errors";

export type ArchiveResult = {
  sha256: string;
  size: number;
  /** Bytes of the tar stream, or the file size for VM disks. */
  unpackedSize: number;
  facts: ImageFacts | null;
  /** For Docker archives: the manifest the registry endpoint serves, and its blobs' archive paths. */
  registry: RegistryImage | null;
};

// The file's own sha256 runs on a second thread while this one parses the tar and hashes its
// layers: for an uncompressed .tar both cover the same bytes, and two cores do it in the time of one.
const HASH_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const hash = require("node:crypto").createHash("sha256");
require("node:fs").createReadStream(workerData, { highWaterMark: 4 << 20 })
  .on("data", (chunk) => hash.update(chunk))
  .on("end", () => parentPort.postMessage(hash.digest("hex")))
  .on("error", (error) => parentPort.postMessage({ error: error.message }));
`;

function sha256OfFile(file: string): { result: Promise<string>; stop: () => void } {
  const worker = new Worker(HASH_WORKER, { eval: true, workerData: file });
  const result = new Promise<string>((resolve, reject) => {
    worker.once("message", (message: string | { error: string }) => {
      void worker.terminate();
      if (typeof message === "string") resolve(message);
      else reject(new Error(message.error));
    });
    worker.once("error", reject);
  });
  return { result, stop: () => void worker.terminate() };
}

function readHeader(file: string, length: number): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    const read = fs.readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

function checkVmHeader(file: string, format: "qcow2" | "vmdk" | "raw"): void {
  const header = readHeader(file, 64);
  if (format === "qcow2" && !header.subarray(0, 4).equals(Buffer.from([0x51, 0x46, 0x49, 0xfb]))) {
    throw new ArchiveError("vmHeaderInvalid", "qcow2");
  }
  // A monolithic sparse VMDK starts with "KDMV"; a descriptor-only VMDK with its text header.
  if (format === "vmdk" && header.subarray(0, 4).toString("latin1") !== "KDMV" && !header.toString("latin1").startsWith("# Disk DescriptorFile")) {
    throw new ArchiveError("vmHeaderInvalid", "vmdk");
  }
}

/**
 * Validates an uploaded archive in one streaming pass and returns its facts, or throws an
 * ArchiveError saying why Docker (or a hypervisor) would refuse it.
 */
export async function validateArchive(file: string, format: ArchiveFormat): Promise<ArchiveResult> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new ArchiveError("fileMissing");
  }
  if (size === 0) throw new ArchiveError("emptyFile");
  const hashing = sha256OfFile(file);
  try {
    let unpackedSize = size;
    let facts: ImageFacts | null = null;
    let registry: RegistryImage | null = null;
    if (format === "tar" || format === "tar.gz") {
      const scan = await scanTar(file, format === "tar.gz");
      facts = verifyImageArchive(scan);
      registry = deriveRegistryImage(scan);
      unpackedSize = scan.tarBytes;
    } else if (format === "ova") {
      const scan = await scanTar(file, false);
      if (![...scan.files.keys()].some((name) => name.toLowerCase().endsWith(".ovf"))) throw new ArchiveError("ovaWithoutOvf");
    } else {
      checkVmHeader(file, format);
    }
    return { sha256: await hashing.result, size, unpackedSize, facts, registry };
  } catch (error) {
    hashing.stop();
    throw error;
  }
}
