import "server-only";
import fs from "node:fs";
import { and, asc, count, desc, eq, inArray, max, sql, sum, type SQL } from "drizzle-orm";
import { containsText } from "@/db/text-search";
import { getDb } from "@/db";
import { applications, images, imageVersions, specImageRefs, specs, type ImageVersion } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { uploadPath } from "@/lib/storage";
import { IMAGES_PAGE_SIZE, type ImageListQuery } from "./schema";

export type VersionView = Pick<
  ImageVersion,
  | "id" | "version" | "status" | "fileName" | "size" | "unpackedSize" | "sha256" | "repoTags" | "os" | "architecture"
  | "failureCode" | "failureDetail" | "createdAt" | "updatedAt"
> & {
  linkedSpecs: LinkedSpec[];
  /** An upload nobody continued for INTERRUPTED_AFTER_MS: when its partial file will be removed. */
  interrupted: { expiresAt: Date } | null;
};

/** A partial upload nobody continued for this long is removed (its version row and its bytes). */
export const ABANDONED_UPLOAD_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * An upload whose partial file has not grown for this long is shown as interrupted: tus-js-client
 * retries within seconds, and a PATCH under way writes continuously.
 */
export const INTERRUPTED_AFTER_MS = 2 * 60 * 1000;

/** For a version still uploading: interrupted when its partial file was last written long ago. */
function interruption(row: { status: string; uploadId: string | null; createdAt: Date }, now: number): VersionView["interrupted"] {
  if (row.status !== "uploading") return null;
  let lastWrite = row.createdAt.getTime();
  try {
    if (row.uploadId) lastWrite = fs.statSync(uploadPath(row.uploadId)).mtimeMs;
  } catch {
    // no bytes written yet
  }
  return now - lastWrite > INTERRUPTED_AFTER_MS ? { expiresAt: new Date(row.createdAt.getTime() + ABANDONED_UPLOAD_MS) } : null;
}

/** A spec that uses an image version, named the way the ISV knows it: "application / spec". */
export type LinkedSpec = { specId: string; specName: string; applicationId: string; applicationName: string };

const versionColumns = {
  id: imageVersions.id,
  imageId: imageVersions.imageId,
  version: imageVersions.version,
  status: imageVersions.status,
  fileName: imageVersions.fileName,
  size: imageVersions.size,
  unpackedSize: imageVersions.unpackedSize,
  sha256: imageVersions.sha256,
  repoTags: imageVersions.repoTags,
  os: imageVersions.os,
  architecture: imageVersions.architecture,
  failureCode: imageVersions.failureCode,
  failureDetail: imageVersions.failureDetail,
  createdAt: imageVersions.createdAt,
  updatedAt: imageVersions.updatedAt,
  uploadId: imageVersions.uploadId,
};

/** Versions of these images, newest first, with the specs that use each. */
function versionsOf(imageIds: string[]): Map<string, VersionView[]> {
  const byImage = new Map<string, VersionView[]>();
  if (imageIds.length === 0) return byImage;
  const db = getDb();
  const rows = db.select(versionColumns).from(imageVersions).where(inArray(imageVersions.imageId, imageIds))
    .orderBy(desc(imageVersions.createdAt)).all();
  const refs = linkedSpecsOf(rows.map((r) => r.id));
  const now = Date.now();
  for (const { imageId, uploadId, ...row } of rows) {
    const linkedSpecs = refs
      .filter((r) => r.imageVersionId === row.id)
      .map((r) => ({ specId: r.specId, specName: r.specName, applicationId: r.applicationId, applicationName: r.applicationName }));
    const interrupted = interruption({ ...row, uploadId }, now);
    byImage.set(imageId, [...(byImage.get(imageId) ?? []), { ...row, linkedSpecs, interrupted }]);
  }
  return byImage;
}

/** The specs using these versions, by application and spec name. */
export function linkedSpecsOf(versionIds: string[]) {
  if (versionIds.length === 0) return [];
  return getDb()
    .select({
      imageVersionId: specImageRefs.imageVersionId,
      specId: specs.id,
      specName: specs.name,
      applicationId: applications.id,
      applicationName: applications.name,
    })
    .from(specImageRefs)
    .innerJoin(specs, eq(specs.id, specImageRefs.specId))
    .innerJoin(applications, eq(applications.id, specs.applicationId))
    .where(inArray(specImageRefs.imageVersionId, versionIds))
    .orderBy(asc(applications.name), asc(specs.name))
    .all();
}


/** One page of the owner's images with their versions, filtered and sorted on the server. */
export function listImages(ownerId: string, query: ImageListQuery) {
  const db = getDb();
  const filters: SQL[] = [eq(images.ownerId, ownerId)];
  if (query.q) filters.push(containsText(images.name, query.q));
  if (query.status) {
    filters.push(sql`exists (select 1 from ${imageVersions} s where s.image_id = ${images.id} and s.status = ${query.status})`);
  }
  const where = and(...filters);
  const totalSize = sum(imageVersions.size).mapWith(Number);
  const updatedAt = max(imageVersions.createdAt);
  const order = { name: images.name, updated: updatedAt, size: totalSize }[query.sort];
  const total = db.select({ n: count() }).from(images).where(where).get()!.n;
  const rows = db
    .select({ id: images.id, name: images.name, kind: images.kind, totalSize, updatedAt, versionCount: count(imageVersions.id) })
    .from(images)
    .leftJoin(imageVersions, eq(imageVersions.imageId, images.id))
    .where(where)
    .groupBy(images.id)
    .orderBy(query.dir === "asc" ? asc(order) : desc(order), asc(images.id))
    .limit(IMAGES_PAGE_SIZE)
    .offset((query.page - 1) * IMAGES_PAGE_SIZE)
    .all();
  const versions = versionsOf(rows.map((r) => r.id));
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / IMAGES_PAGE_SIZE)),
    images: rows.map((r) => ({
      ...r,
      totalSize: r.totalSize ?? 0,
      updatedAt: r.updatedAt ? new Date(r.updatedAt) : null,
      versions: versions.get(r.id) ?? [],
    })),
  };
}
export type ImageListPage = ReturnType<typeof listImages>;

/** One of the owner's images with its versions; another owner's image is "not found". */
export function getImageOrThrow(ownerId: string, imageId: string) {
  const image = getDb().select().from(images).where(and(eq(images.id, imageId), eq(images.ownerId, ownerId))).get();
  if (!image) throw new NotFoundError("imageNotFound");
  return { ...image, versions: versionsOf([image.id]).get(image.id) ?? [] };
}

/** The owner's ready version "name:version", as a workload node names it, with its archive. */
export function getReadyVersionByRef(ownerId: string, ref: string) {
  const [name, version] = ref.split(":");
  const row = getDb()
    .select({ filePath: imageVersions.filePath, kind: images.kind, manifest: imageVersions.registryManifest })
    .from(imageVersions)
    .innerJoin(images, eq(images.id, imageVersions.imageId))
    .where(and(eq(images.ownerId, ownerId), eq(images.name, name ?? ""), eq(imageVersions.version, version ?? ""), eq(imageVersions.status, "ready")))
    .get();
  if (!row) return undefined;
  const { manifest, ...rest } = row;
  return { ...rest, imageId: manifest ? imageIdOf(manifest) : null };
}

/**
 * A Docker image's identity: the digest of its config, which is what an engine calls its image
 * ID. Read from the manifest the validation derived from the archive's own bytes, so no tag an
 * ISV wrote inside the archive can stand in for it.
 */
function imageIdOf(manifest: string): string | null {
  const digest = (JSON.parse(manifest) as { config?: { digest?: unknown } }).config?.digest;
  return typeof digest === "string" && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : null;
}

/** "name:version" of the owner's ready Docker image versions: what a workload may run. */
export function listReadyDockerRefs(ownerId: string): string[] {
  return getDb()
    .select({ name: images.name, version: imageVersions.version })
    .from(imageVersions)
    .innerJoin(images, eq(images.id, imageVersions.imageId))
    .where(and(eq(images.ownerId, ownerId), eq(images.kind, "docker"), eq(imageVersions.status, "ready")))
    .orderBy(asc(images.name), desc(imageVersions.createdAt))
    .all()
    .map((r) => `${r.name}:${r.version}`);
}
