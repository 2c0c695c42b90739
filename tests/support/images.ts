import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { imageVersions, type User } from "@/db/schema";
import { validateArchive } from "@/lib/images/archive";
import { parseImageFileName } from "@/lib/images/naming";
import { beginUpload, completeUpload } from "@/lib/images/service";
import { locateBlobs } from "@/lib/registry/blobs";

/**
 * A `ready` version of a real archive, as the validation job leaves it (the file stays where it is,
 * so a .tar.gz is not served by the registry endpoint: tests that pull use validatedVersion).
 */
export async function readyImageFrom(user: User, fileName: string, archivePath: string) {
  const format = parseImageFileName(fileName)!.format;
  const facts = await validateArchive(archivePath, format);
  const v = beginUpload(user, { fileName, size: facts.size, uploadId: randomUUID() });
  completeUpload(v.uploadId!);
  getDb()
    .update(imageVersions)
    .set({
      status: "ready",
      sha256: facts.sha256,
      repoTags: facts.facts?.repoTags ?? [],
      filePath: archivePath,
      uploadId: null,
      registryManifest: facts.registry?.manifest ?? null,
      registryManifestDigest: facts.registry?.digest ?? null,
      registryBlobs: facts.registry && format === "tar" ? locateBlobs(archivePath, facts.registry.blobs) : null,
    })
    .where(eq(imageVersions.id, v.id))
    .run();
  return v;
}
