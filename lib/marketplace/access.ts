import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { listings, type ListedSpec, type Listing } from "@/db/schema";
import { NotFoundError, ValidationError } from "@/lib/errors";

export function listingOrThrow(listingId: string): Listing {
  const listing = getDb().select().from(listings).where(eq(listings.id, listingId)).get();
  if (!listing) throw new NotFoundError("listingNotFound");
  return listing;
}

/** One of the listing's specs as approved (the snapshot, not the ISV's current edit). */
export function listedSpecOrThrow(listing: Listing, specId: string): ListedSpec {
  const spec = listing.specs.find((s) => s.id === specId);
  if (!spec) throw new ValidationError("specNotListed", { specId: ["specNotListed"] });
  return spec;
}
