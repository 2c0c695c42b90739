import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { and, count, eq, lt } from "drizzle-orm";
import { getDb, isUniqueViolation } from "@/db";
import { images, imageVersions, type User } from "@/db/schema";
import { ConflictError, InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { assertRole } from "@/lib/auth/roles";
import { enqueueJob } from "@/lib/jobs/queue";
import { ABANDONED_UPLOAD_MS, linkedSpecsOf } from "./queries";
import { removeUpload } from "@/lib/storage";
import { MAX_ARCHIVE_BYTES, parseImageFileName } from "./naming";

export const VALIDATE_JOB = "image.validate";

/** Removes everyone's partial uploads that were abandoned; run whenever a new upload begins. */
function sweepAbandonedUploads(now: number): void {
  const stale = getDb()
    .select({ id: imageVersions.id, imageId: imageVersions.imageId, uploadId: imageVersions.uploadId })
    .from(imageVersions)
    .where(and(eq(imageVersions.status, "uploading"), lt(imageVersions.updatedAt, new Date(now - ABANDONED_UPLOAD_MS))))
    .all();
  for (const v of stale) {
    removeVersionRow(v.id, v.imageId);
    if (v.uploadId) removeUpload(v.uploadId);
  }
}

/**
 * Registers a tus upload as a new version in `uploading` state, before any byte is accepted:
 * the file name must follow the naming rule, the size fit, and the version be new.
 */
export function beginUpload(user: User, input: { fileName: string; size: number; uploadId: string }, now = Date.now()) {
  assertRole(user, "isv");
  sweepAbandonedUploads(now);
  const parsed = parseImageFileName(input.fileName);
  if (!parsed) throw new ValidationError("fileNameInvalid", { fileName: ["fileNameInvalid"] });
  if (!Number.isSafeInteger(input.size) || input.size <= 0) throw new ValidationError("fileEmpty");
  if (input.size > MAX_ARCHIVE_BYTES) throw new ValidationError("archiveTooLarge");
  try {
    return getDb().transaction((tx) => {
      tx.insert(images).values({ id: randomUUID(), ownerId: user.id, name: parsed.name, kind: parsed.kind }).onConflictDoNothing().run();
      const image = tx.select().from(images).where(and(eq(images.ownerId, user.id), eq(images.name, parsed.name))).get()!;
      if (image.kind !== parsed.kind) throw new ConflictError("imageKindMismatch");
      return tx
        .insert(imageVersions)
        .values({
          id: randomUUID(),
          imageId: image.id,
          version: parsed.version,
          status: "uploading",
          fileName: input.fileName,
          uploadId: input.uploadId,
          size: input.size,
        })
        .returning()
        .get();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("versionExists");
    throw error;
  }
}

/** Whether this account may read, continue or cancel this upload. */
export function ownsUpload(user: User, uploadId: string): boolean {
  const row = getDb()
    .select({ id: imageVersions.id })
    .from(imageVersions)
    .innerJoin(images, eq(images.id, imageVersions.imageId))
    .where(and(eq(imageVersions.uploadId, uploadId), eq(images.ownerId, user.id)))
    .get();
  return Boolean(row);
}

/** All bytes arrived: the version waits for the worker's validation. */
export function completeUpload(uploadId: string): void {
  getDb().transaction((tx) => {
    const version = tx
      .update(imageVersions)
      .set({ status: "validating", updatedAt: new Date() })
      .where(and(eq(imageVersions.uploadId, uploadId), eq(imageVersions.status, "uploading")))
      .returning({ id: imageVersions.id })
      .get();
    if (version) enqueueJob(tx, VALIDATE_JOB, version.id);
  });
}

/** The uploader cancelled (tus termination): the partial version disappears with its file. */
export function cancelUpload(uploadId: string): void {
  const db = getDb();
  const version = db.select().from(imageVersions).where(eq(imageVersions.uploadId, uploadId)).get();
  if (version?.status === "uploading") removeVersionRow(version.id, version.imageId);
  removeUpload(uploadId);
}

function removeVersionRow(versionId: string, imageId: string): void {
  getDb().transaction((tx) => {
    tx.delete(imageVersions).where(eq(imageVersions.id, versionId)).run();
    const left = tx.select({ n: count() }).from(imageVersions).where(eq(imageVersions.imageId, imageId)).get()!.n;
    if (left === 0) tx.delete(images).where(eq(images.id, imageId)).run();
  });
}

/**
 * Deletes one of the owner's versions and its file. Refused while a spec uses it, naming those
 * specs as "application / spec" (the seed: unlink the applications first).
 */
export function deleteVersion(user: User, imageId: string, version: string): void {
  const db = getDb();
  const row = db
    .select({ version: imageVersions, ownerId: images.ownerId })
    .from(imageVersions)
    .innerJoin(images, eq(images.id, imageVersions.imageId))
    .where(and(eq(imageVersions.imageId, imageId), eq(imageVersions.version, version), eq(images.ownerId, user.id)))
    .get();
  if (!row) throw new NotFoundError("versionNotFound");
  const refs = linkedSpecsOf([row.version.id]);
  if (refs.length > 0) {
    const names = refs.map((r) => `${r.applicationName} / ${r.specName}`).join(", ");
    throw new InvalidStateError("versionInUse", undefined, { specs: names });
  }
  removeVersionRow(row.version.id, imageId);
  if (row.version.uploadId) removeUpload(row.version.uploadId);
  const file = row.version.filePath;
  // The archive is content-addressed: another version with the same bytes keeps it.
  if (file && !db.select({ id: imageVersions.id }).from(imageVersions).where(eq(imageVersions.filePath, file)).get()) {
    fs.rmSync(file, { force: true });
  }
}
