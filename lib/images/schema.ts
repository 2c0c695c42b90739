import { z } from "zod";
import { VERSION_STATUSES } from "@/db/enums";

export const IMAGE_SORTS = ["name", "updated", "size"] as const;
export const IMAGES_PAGE_SIZE = 20;

/** The list's filters as they appear in the URL; anything malformed falls back to the default. */
export const imageListQuerySchema = z.object({
  q: z.string().trim().max(128).catch(""),
  status: z.enum(VERSION_STATUSES).optional().catch(undefined),
  sort: z.enum(IMAGE_SORTS).catch("updated"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type ImageListQuery = z.infer<typeof imageListQuerySchema>;
