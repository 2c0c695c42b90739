import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { images, imageVersions, specImageRefs } from "@/db/schema";
import { imageReferences, parseImageReference, type Graph } from "@/lib/catalog/graph";

type Tx = Pick<Db, "select" | "insert" | "delete">;

/**
 * Rebuilds `spec_image_refs` for a spec from its graph, inside the caller's transaction, so the
 * image delete guard is true the moment the graph is stored. Only the owner's own validated
 * ("ready") versions count: an upload still in progress may yet be cancelled, and its row must stay
 * deletable. The references that match none are returned (the spec shows them as needing attention).
 */
export function rebuildImageRefs(tx: Tx, ownerId: string, specId: string, graph: Graph): string[] {
  tx.delete(specImageRefs).where(eq(specImageRefs.specId, specId)).run();
  const unresolved: string[] = [];
  for (const ref of imageReferences(graph)) {
    const parsed = parseImageReference(ref);
    const version = parsed
      ? tx
          .select({ id: imageVersions.id })
          .from(imageVersions)
          .innerJoin(images, eq(images.id, imageVersions.imageId))
          .where(
            and(
              eq(images.ownerId, ownerId),
              eq(images.name, parsed.name),
              eq(imageVersions.version, parsed.version),
              eq(imageVersions.status, "ready"),
            ),
          )
          .get()
      : undefined;
    if (version) tx.insert(specImageRefs).values({ specId, imageVersionId: version.id }).onConflictDoNothing().run();
    else unresolved.push(ref);
  }
  return unresolved;
}
