import fs from "node:fs";
import path from "node:path";

export type TarMember = { offset: number; size: number };

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
}

/** Size fields are octal text, or base-256 when the top bit of the first byte is set (GNU, > 8 GiB). */
function sizeField(header: Buffer): number {
  const raw = header.subarray(124, 136);
  if (raw[0]! & 0x80) {
    let value = raw[0]! & 0x7f;
    for (let i = 1; i < raw.length; i++) value = value * 256 + raw[i]!;
    return value;
  }
  const text = raw.toString("latin1").replace(/[\0 ]+$/g, "").trim();
  return text ? parseInt(text, 8) : 0;
}

/** `key=value` records of a pax extended header ("<len> path=…\n"). */
function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = parseInt(data.subarray(at, space).toString("latin1"), 10);
    if (!(length > 0)) break;
    const record = data.subarray(space + 1, at + length - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

const canonical = (name: string) => path.posix.normalize(name.replace(/\/+$/, "")).replace(/^\.\//, "");

/**
 * Where every regular file's bytes lie in an uncompressed tar, read from its headers alone (one
 * 512-byte read per member, skipping the data): ustar, pax and GNU long names. Symlinks and hard
 * links are resolved, so a path that links to a file maps to that file's bytes.
 */
export function indexTar(file: string): Map<string, TarMember> {
  const fd = fs.openSync(file, "r");
  const files = new Map<string, TarMember>();
  const links = new Map<string, string>();
  try {
    const total = fs.fstatSync(fd).size;
    const header = Buffer.alloc(BLOCK);
    let offset = 0;
    let longName: string | null = null;
    let longLink: string | null = null;
    let pax: Map<string, string> | null = null;
    const readData = (at: number, size: number) => {
      const data = Buffer.alloc(size);
      fs.readSync(fd, data, 0, size, at);
      return data;
    };
    while (offset + BLOCK <= total) {
      if (fs.readSync(fd, header, 0, BLOCK, offset) < BLOCK) break;
      if (header.every((b) => b === 0)) break; // end of archive
      const type = String.fromCharCode(header[156]!);
      let size = sizeField(header);
      if (pax?.has("size")) size = Number(pax.get("size"));
      const dataAt = offset + BLOCK;
      const next = dataAt + Math.ceil(size / BLOCK) * BLOCK;
      if (type === "x" || type === "L" || type === "K") {
        const data = readData(dataAt, Math.min(size, 1 << 20));
        if (type === "x") pax = paxRecords(data);
        else if (type === "L") longName = field(data, 0, data.length);
        else longLink = field(data, 0, data.length);
        offset = next;
        continue;
      }
      if (type !== "g") {
        const prefix = header.subarray(257, 263).toString("latin1").startsWith("ustar") ? field(header, 345, 155) : "";
        const name = canonical(pax?.get("path") ?? longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100)));
        const linkName = pax?.get("linkpath") ?? longLink ?? field(header, 157, 100);
        if (type === "0" || type === "\0" || type === "7") files.set(name, { offset: dataAt, size });
        else if (type === "2") links.set(name, canonical(path.posix.join(path.posix.dirname(name), linkName)));
        else if (type === "1") links.set(name, canonical(linkName));
      }
      longName = longLink = null;
      pax = null;
      offset = next;
    }
  } finally {
    fs.closeSync(fd);
  }
  for (const [name, target] of links) {
    let current = target;
    for (let hops = 0; hops < 16 && !files.has(current) && links.has(current); hops++) current = links.get(current)!;
    const found = files.get(current);
    if (found) files.set(name, found);
  }
  return files;
}
