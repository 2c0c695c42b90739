import "server-only";
import { AppError } from "@/lib/errors";

/** The largest JSON body /api/v1 and /v5 accept (README, "REST API"). */
export const JSON_BODY_LIMIT = 2 * 1024 * 1024;

export class BodyTooLargeError extends AppError {
  override readonly status = 413;
}

/**
 * The request body as text, read with a byte budget: refused by its declared Content-Length before
 * a byte is read, and a chunked (or lying) body is cut off as soon as it passes the limit, so an
 * oversized body is never held in memory whole. Throws BodyTooLargeError ("bodyTooLarge").
 */
export async function readBodyText(request: Request, limit = JSON_BODY_LIMIT): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw new BodyTooLargeError("bodyTooLarge");
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError("bodyTooLarge");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
