import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { listings, type ListedSpec, type Listing, type User } from "@/db/schema";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";

/** Trials, purchases and experiences are a buyer's actions; ISVs and operators are refused. */
export function buyerOnly(user: Pick<User, "roles">): void {
  if (!user.roles.includes("buyer")) throw new ForbiddenError("buyerOnly");
}

export function operatorOnly(user: Pick<User, "roles">): void {
  if (!user.roles.includes("operator")) throw new ForbiddenError("operatorOnly");
}

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
