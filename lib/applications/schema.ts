import { z } from "zod";
import { REVIEW_STATUSES } from "@/db/enums";

export const APP_NAME_MAX = 64;
export const APP_DESCRIPTION_MAX = 1024;
export const APPLICATIONS_PAGE_SIZE = 20;

const description = z.string().trim().max(APP_DESCRIPTION_MAX, "descriptionTooLong");

export const createApplicationSchema = z.object({
  name: z.string({ error: "nameRequired" }).trim().min(1, "nameRequired").max(APP_NAME_MAX, "nameTooLong"),
  industry: z.string({ error: "industryRequired" }).trim().min(1, "industryRequired"),
  scenario: z.string({ error: "scenarioRequired" }).trim().min(1, "scenarioRequired"),
  description: description.default(""),
});
export type CreateApplicationInput = z.infer<typeof createApplicationSchema>;

/**
 * PATCH semantics for the REST API; the edit dialog sends every field. Without the default: zod
 * applies a default inside .partial(), which reset a description the PATCH left out to "".
 */
export const updateApplicationSchema = createApplicationSchema.extend({ description }).partial();
export type UpdateApplicationInput = z.infer<typeof updateApplicationSchema>;

/** The list's filters as they appear in the URL; anything malformed falls back to the default. */
export const applicationListQuerySchema = z.object({
  q: z.string().trim().max(APP_NAME_MAX).catch(""),
  status: z.enum(REVIEW_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type ApplicationListQuery = z.infer<typeof applicationListQuerySchema>;
