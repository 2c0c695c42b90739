import "server-only";
import fs from "node:fs";
import { FileStore } from "@tus/file-store";
import { EVENTS, Server } from "@tus/server";
import type { User } from "@/db/schema";
import { authenticateRequest } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import en from "@/lib/i18n/messages/en.json";
import { wakeWorker } from "@/lib/jobs/worker";
import { uploadBytes } from "@/lib/metrics/instruments.mjs";
import { uploadsDir } from "@/lib/storage";
import { MAX_ARCHIVE_BYTES } from "./naming";
import { beginUpload, cancelUpload, completeUpload, ownsUpload } from "./service";

export const UPLOADS_PATH = "/api/uploads";

/** What tus sends back when a hook refuses: our usual `{error_code, error_msg}` JSON. */
function refusal(status: number, code: string) {
  const text = (en.errors as Record<string, string>)[code] ?? code;
  return { status_code: status, body: JSON.stringify({ error_code: code, error_msg: text }) };
}

/** The file store, counting the bytes each PATCH wrote to the file (stagecraft_uploads_bytes_total). */
class CountingFileStore extends FileStore {
  override async write(...[readable, id, offset]: Parameters<FileStore["write"]>): Promise<number> {
    const written = await super.write(readable, id, offset);
    uploadBytes.inc(written - offset);
    return written;
  }
}

/**
 * The tus server for image archives, one per process, storing under DATA_DIR/uploads. Every
 * request is authenticated (session cookie or API key) and may touch only the caller's uploads;
 * an upload is registered as a version before its first byte, so bad names never get any.
 */
export function createUploadServer(): Server {
  const users = new WeakMap<object, User>();
  const directory = uploadsDir();
  fs.mkdirSync(directory, { recursive: true });
  const server = new Server({
    path: UPLOADS_PATH,
    datastore: new CountingFileStore({ directory }),
    maxSize: MAX_ARCHIVE_BYTES,
    relativeLocation: true,
    async onIncomingRequest(req, uploadId) {
      const user = await authenticateRequest(req);
      if (!user) throw refusal(401, "unauthenticated");
      if (!user.roles.includes("isv")) throw refusal(403, "isvOnly");
      // POST names a fresh id; every other method must target one of the caller's own uploads.
      if (req.method !== "POST" && !ownsUpload(user, uploadId)) throw refusal(404, "uploadNotFound");
      users.set(req, user);
    },
    async onUploadCreate(req, upload) {
      const fileName = upload.metadata?.filename ?? "";
      try {
        beginUpload(users.get(req)!, { fileName, size: upload.size ?? 0, uploadId: upload.id });
      } catch (error) {
        if (error instanceof AppError) throw refusal(error.status, error.message);
        throw error;
      }
      return {};
    },
    async onUploadFinish(_req, upload) {
      completeUpload(upload.id);
      wakeWorker();
      return {};
    },
  });
  server.on(EVENTS.POST_TERMINATE, (_req, _res, id: string) => cancelUpload(id));
  return server;
}

const state = globalThis as typeof globalThis & { __stagecraftUploads?: Server };

export function uploadServer(): Server {
  state.__stagecraftUploads ??= createUploadServer();
  return state.__stagecraftUploads;
}
