import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { imageVersions, type Job, type User } from "@/db/schema";
import { beginUpload, completeUpload } from "@/lib/images/service";
import { validateImageJob } from "@/lib/images/validate-job";
import { serveRegistry as serveRegistryHandler } from "@/lib/registry/node";
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

/** The registry endpoint's Node handler on a loopback port, as lib/cli/server.mjs runs it. */
export const serveRegistry = () => serve((req, res) => void serveRegistryHandler(req, res));
