import fsp, { type FileHandle } from "node:fs/promises";

const CHUNK = 1 << 20;

/**
 * `length` bytes of an open file from `start`, as a web stream read on demand (the client's pace
 * sets the pace; memory stays at a chunk or two). The file is closed at the end or on cancel.
 */
export function fileRangeStream(handle: FileHandle, start: number, length: number): ReadableStream<Uint8Array> {
  let position = start;
  let remaining = length;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (remaining <= 0) {
          await close();
          controller.close();
          return;
        }
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK, remaining));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) {
          await close();
          controller.error(new Error("the archive is shorter than its index says"));
          return;
        }
        position += bytesRead;
        remaining -= bytesRead;
        controller.enqueue(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      },
      cancel: close,
    },
    { highWaterMark: 2 },
  );
}

export const openFile = (file: string) => fsp.open(file, "r");
