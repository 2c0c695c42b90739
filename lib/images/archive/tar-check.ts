/**
 * Walks a stream as a tar, headers only, as Docker's loader (Go's archive/tar) would read a layer:
 * every header's checksum must hold and its size must be a number; entry data is skipped by
 * arithmetic, never looked at. Fed chunk by chunk, so it rides along with the layer's hashing.
 */
export class TarHeaderCheck {
  private pending: Buffer = Buffer.alloc(0); // a header block not yet complete
  private skip = 0; // data bytes (rounded up to whole blocks) still to pass over
  private blocks = 0;
  private zeroBlocks = 0;
  private failed = false;

  push(chunk: Buffer): void {
    let at = 0;
    while (!this.failed && this.zeroBlocks < 2 && at < chunk.length) {
      if (this.skip > 0) {
        const step = Math.min(this.skip, chunk.length - at);
        this.skip -= step;
        at += step;
        continue;
      }
      const need = 512 - this.pending.length;
      const piece = chunk.subarray(at, at + need);
      at += piece.length;
      this.pending = this.pending.length === 0 && piece.length === 512 ? piece : Buffer.concat([this.pending, piece]);
      if (this.pending.length === 512) {
        this.header(this.pending);
        this.pending = Buffer.alloc(0);
      }
    }
  }

  /** True when the stream read as a tar: at least one block, and it did not end inside a header or an entry's data. */
  get ok(): boolean {
    if (this.failed || this.blocks === 0) return false;
    return this.zeroBlocks === 2 || (this.pending.length === 0 && this.skip === 0);
  }

  private header(block: Buffer): void {
    this.blocks++;
    if (block.every((b) => b === 0)) {
      this.zeroBlocks++;
      return;
    }
    if (this.zeroBlocks > 0) return this.fail(); // one end-of-archive block, then data: Go refuses
    const size = this.number(block.subarray(124, 136));
    const stored = this.number(block.subarray(148, 156));
    if (size === null || stored === null || !checksumMatches(block, stored)) return this.fail();
    // Links, character and block devices, folders and FIFOs carry no data whatever their size says.
    const headerOnly = "123456".includes(String.fromCharCode(block[156]!));
    this.skip = headerOnly ? 0 : Math.ceil(size / 512) * 512;
  }

  /** An octal field (NUL- or space-terminated), or GNU's base-256 form when the top bit is set. */
  private number(field: Buffer): number | null {
    if (field[0]! & 0x80) {
      let value = field[0]! & 0x7f;
      for (const byte of field.subarray(1)) value = value * 256 + byte;
      return Number.isSafeInteger(value) ? value : null;
    }
    const text = field.toString("latin1").replace(/[\0 ]+$/, "").replace(/^ +/, "");
    if (text === "") return 0;
    return /^[0-7]+$/.test(text) ? parseInt(text, 8) : null;
  }

  private fail(): void {
    this.failed = true;
  }
}

/** The checksum counts the header's bytes with its own field as spaces, unsigned or (old tars) signed. */
function checksumMatches(block: Buffer, stored: number): boolean {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}
