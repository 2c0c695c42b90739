import JSZip from "jszip";

/** A zip of these entries (text), DEFLATE-compressed. */
export async function zipOf(files: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text, { createFolders: false });
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

/**
 * Rewrites every header's uncompressed size to `size`: a zip that lies about how much it unpacks
 * to, as a bomb would to get past a check of the declared sizes.
 */
export function lieAboutSizes(bytes: Uint8Array, size: number): Uint8Array {
  const out = Buffer.from(bytes);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt32LE(size, i + 22); // local file header
    if (sig === 0x02014b50) out.writeUInt32LE(size, i + 24); // central directory header
  }
  return new Uint8Array(out);
}
