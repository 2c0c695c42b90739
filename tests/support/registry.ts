import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { imageVersions, type Job, type User } from "@/db/schema";
import { beginUpload, completeUpload } from "@/lib/images/service";
import { validateImageJob } from "@/lib/images/validate-job";
import { handleRegistryRequest } from "@/lib/registry/handler";
import { uploadPath, uploadsDir } from "@/lib/storage";
import { serve } from "./http";

/** A version uploaded from `archive` and put through the real validation job. */
export async function validatedVersion(user: User, fileName: string, archive: string) {
  const size = fs.statSync(archive).size;
  const v = beginUpload(user, { fileName, size, uploadId: randomUUID() });
  fs.mkdirSync(uploadsDir(), { recursive: true });
  fs.copyFileSync(archive, uploadPath(v.uploadId!));
  completeUpload(v.uploadId!);
  await validateImageJob.run({ subjectId: v.id } as Job, new AbortController().signal);
  return getDb().select().from(imageVersions).where(eq(imageVersions.id, v.id)).get()!;
}

/** The registry handler behind a plain Node server on a loopback port, as the route handler runs it. */
export function serveRegistry() {
  return serve(async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const response = await handleRegistryRequest(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) await pipeline(Readable.fromWeb(response.body as never), res).catch(() => res.destroy());
    else res.end();
  });
}
