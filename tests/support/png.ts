import zlib from "node:zlib";

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid grey PNG of `width`×`height`, padded with a text chunk to `bytes` in total when given. */
export function makePng(width = 4, height = 3, bytes?: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))];
  const size = parts.reduce((n, p) => n + p.length, 0);
  if (bytes && bytes > size + 12) parts.splice(2, 0, chunk("tEXt", Buffer.alloc(bytes - size - 12, 0x61)));
  return Buffer.concat(parts);
}

/** A minimal baseline JPEG header (SOI, JFIF, SOF0 16×16, EOI): enough to read its dimensions. */
export function makeJpeg(): Buffer {
  return Buffer.from(
    "ffd8ffe000104a46494600010100000100010000ffc0001108001000100301220002110103110100ffd9",
    "hex",
  );
}

/** A PNG whose IDAT bytes were flipped after the CRC was written. */
export function corruptPng(): Buffer {
  const png = makePng(8, 8);
  png[png.indexOf("IDAT", 0, "latin1") + 6] ^= 0xff;
  return png;
}

export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
