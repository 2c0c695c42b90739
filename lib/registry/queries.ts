import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import { getDb } from "@/db";
import { images, imageVersions, users } from "@/db/schema";

/** The image `{handle}/{name}` names, whatever its kind and owner (the caller decides who may see it). */
export function findRepository(handle: string, name: string) {
  return getDb()
    .select({ imageId: images.id, ownerId: images.ownerId, kind: images.kind })
    .from(images)
    .innerJoin(users, eq(users.id, images.ownerId))
    .where(and(eq(users.handle, handle), eq(images.name, name)))
    .get();
}

/** Ready versions of an image that the registry can serve (their manifest was derived). */
export function listServableVersions(imageId: string) {
  return getDb()
    .select({
      id: imageVersions.id,
      version: imageVersions.version,
      filePath: imageVersions.filePath,
      manifest: imageVersions.registryManifest,
      digest: imageVersions.registryManifestDigest,
      blobs: imageVersions.registryBlobs,
    })
    .from(imageVersions)
    .where(and(eq(imageVersions.imageId, imageId), eq(imageVersions.status, "ready"), isNotNull(imageVersions.registryManifestDigest)))
    .all();
}
export type ServableVersion = ReturnType<typeof listServableVersions>[number];

/** Where the version `ref` (name:version) of an owner is pulled from: the owner's handle and the version id. */
export function getPullTarget(ownerId: string, ref: string) {
  const [name, version] = ref.split(":");
  return getDb()
    .select({ versionId: imageVersions.id, handle: users.handle, name: images.name, version: imageVersions.version })
    .from(imageVersions)
    .innerJoin(images, eq(images.id, imageVersions.imageId))
    .innerJoin(users, eq(users.id, images.ownerId))
    .where(and(eq(images.ownerId, ownerId), eq(images.name, name ?? ""), eq(imageVersions.version, version ?? ""), eq(imageVersions.status, "ready")))
    .get();
}
