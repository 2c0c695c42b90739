import "server-only";
import fs from "node:fs";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { images, imageVersions, type Job } from "@/db/schema";
import { ArchiveError } from "@/lib/images/archive";
import { scanTar } from "@/lib/images/archive/scan";
import { verifyImageArchive } from "@/lib/images/archive/verify";
import { enqueueJob } from "@/lib/jobs/queue";
import type { JobHandler } from "@/lib/jobs/worker";
import { gunzipInto } from "@/lib/storage";
import { locateBlobs } from "@/lib/images/archive/blobs";
import { deriveRegistryImage } from "@/lib/images/archive/manifest";

export const REGISTRY_BACKFILL_JOB = "image.registry-backfill";

/** Ready Docker versions validated before the registry existed: they have an archive but no manifest. */
function unindexed() {
  return and(eq(imageVersions.status, "ready"), isNotNull(imageVersions.filePath), isNull(imageVersions.registryManifestDigest), eq(images.kind, "docker"));
}

/** At server start: one job per such version (enqueueing is a no-op for one already queued). */
export function enqueueRegistryBackfill(): void {
  const db = getDb();
  const rows = db.select({ id: imageVersions.id }).from(imageVersions).innerJoin(images, eq(images.id, imageVersions.imageId)).where(unindexed()).all();
  if (rows.length) db.transaction((tx) => rows.forEach((r) => enqueueJob(tx, REGISTRY_BACKFILL_JOB, r.id)));
}

const isGzip = (file: string) => {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
};

/**
 * Derives the registry manifest and blob offsets of an older version, as validation does now:
 * a stored .tar.gz is replaced by its decompressed tar (atomically, under the same content
 * address; a reader holding the old file keeps reading it). An archive that no longer verifies
 * stays unserved.
 */
async function backfill(job: Job): Promise<void> {
  const db = getDb();
  const version = db
    .select({ id: imageVersions.id, filePath: imageVersions.filePath })
    .from(imageVersions)
    .innerJoin(images, eq(images.id, imageVersions.imageId))
    .where(and(eq(imageVersions.id, job.subjectId), unindexed()))
    .get();
  if (!version || !fs.existsSync(version.filePath!)) return;
  const file = version.filePath!;
  if (isGzip(file)) {
    const plain = `${file}.plain`;
    await gunzipInto(file, plain);
    fs.renameSync(plain, file);
  }
  try {
    const scan = await scanTar(file, false);
    verifyImageArchive(scan);
    const registry = deriveRegistryImage(scan);
    const blobs = locateBlobs(file, registry.blobs);
    if (!blobs) return;
    db.update(imageVersions)
      .set({ registryManifest: registry.manifest, registryManifestDigest: registry.digest, registryBlobs: blobs })
      .where(eq(imageVersions.id, version.id))
      .run();
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
  }
}

export const registryBackfillJob: JobHandler = { run: backfill, maxAttempts: 2 };
