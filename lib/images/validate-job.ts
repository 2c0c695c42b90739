import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { imageVersions, type Job } from "@/db/schema";
import type { JobHandler } from "@/lib/jobs/worker";
import { locateBlobs } from "@/lib/images/archive/blobs";
import { gunzipInto, imageArchivePath, moveInto, removeUpload, uploadPath } from "@/lib/storage";
import { ArchiveError, validateArchive } from "./archive";
import { parseImageFileName } from "./naming";

function fail(versionId: string, code: string, detail?: string): void {
  getDb()
    .update(imageVersions)
    .set({ status: "failed", failureCode: code, failureDetail: detail ?? null, uploadId: null, updatedAt: new Date() })
    .where(eq(imageVersions.id, versionId))
    .run();
}

/**
 * Validates an uploaded version (the job `image.validate`). Safe to run again after a crash: the
 * facts are recorded before the file is moved, and a version whose file already moved is finished.
 *
 * A .tar.gz is stored decompressed: the registry endpoint serves layers as byte ranges of the
 * stored archive, and a gzip stream cannot be read from the middle. docker load takes either.
 */
async function validateVersion(job: Job): Promise<void> {
  const db = getDb();
  const version = db.select().from(imageVersions).where(eq(imageVersions.id, job.subjectId)).get();
  if (!version || version.status !== "validating") return; // deleted meanwhile, or done
  const source = version.uploadId ? uploadPath(version.uploadId) : null;

  if (version.sha256 && version.filePath) {
    // A previous run recorded the result and crashed before or while moving the file.
    if (source) moveInto(source, version.filePath);
  } else {
    const format = parseImageFileName(version.fileName)!.format;
    try {
      const result = await validateArchive(source ?? "", format);
      const stored = imageArchivePath(result.sha256);
      if (format === "tar.gz") await gunzipInto(source!, stored);
      const registry = result.registry;
      // Offsets are the same in the upload and the stored copy of a plain tar.
      const blobs = registry ? locateBlobs(format === "tar.gz" ? stored : source!, registry.blobs) : null;
      db.update(imageVersions)
        .set({
          sha256: result.sha256,
          unpackedSize: result.unpackedSize,
          repoTags: result.facts?.repoTags ?? null,
          os: result.facts?.os ?? null,
          architecture: result.facts?.architecture ?? null,
          filePath: stored,
          registryManifest: blobs ? registry!.manifest : null,
          registryManifestDigest: blobs ? registry!.digest : null,
          registryBlobs: blobs,
        })
        .where(eq(imageVersions.id, version.id))
        .run();
      moveInto(source!, stored);
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw error; // I/O trouble: the worker retries
      fail(version.id, error.code, error.detail);
      if (version.uploadId) removeUpload(version.uploadId);
      return;
    }
  }
  if (version.uploadId) removeUpload(version.uploadId);
  db.update(imageVersions).set({ status: "ready", uploadId: null, updatedAt: new Date() }).where(eq(imageVersions.id, version.id)).run();
}

export const validateImageJob: JobHandler = {
  run: validateVersion,
  maxAttempts: 3,
  onGiveUp: (job) => fail(job.subjectId, "validationCrashed"),
};
