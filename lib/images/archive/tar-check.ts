import { extract, type Extract } from "tar-stream";

/**
 * Reads a stream as a tar with tar-stream, as Docker's loader reads a layer: every header must
 * parse (checksum, size, long names under tar-stream's header size limit) and the stream must not
 * end inside a header or an entry's data. Entry data is passed over, never kept. Fed chunk by
 * chunk, so it rides along with the layer's hashing instead of a second pass over its bytes.
 */
export class TarCheck {
  private readonly tar: Extract = extract();
  private readonly outcome: Promise<boolean>;
  private bytes = 0;
  private failed = false;

  constructor() {
    this.tar.on("entry", (_header, data, next) => {
      data.on("end", next);
      data.resume();
    });
    this.outcome = new Promise((resolve) => {
      this.tar.once("finish", () => resolve(true));
      this.tar.once("error", () => {
        this.failed = true;
        resolve(false);
      });
    });
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    this.bytes += chunk.length;
    this.tar.write(chunk);
  }

  /** Ends the stream: true when it read as a tar of at least one block. */
  async ok(): Promise<boolean> {
    if (!this.failed) this.tar.end(() => {}); // the outcome comes from "finish" or "error"
    return (await this.outcome) && this.bytes >= 512;
  }
}
