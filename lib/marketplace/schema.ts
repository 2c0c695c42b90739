import { z } from "zod";
import { ORDER_STATUSES, ORDER_TERMS } from "@/db/enums";
import { deviceSelectionSchema } from "@/lib/devices/schema";
import { checkbox } from "@/lib/form-fields";

export const MY_APP_NAME_MAX = 64;
export const MY_APPS_PAGE_SIZE = 20;
export const ORDERS_PAGE_SIZE = 20;
export const TRIAL_DAYS = 7;
/** The notice before an app's end shows this long before it. */
export const REMINDER_MS = 24 * 60 * 60 * 1000;

export const renameSchema = z.object({
  name: z.string({ error: "nameRequired" }).trim().min(1, "nameRequired").max(MY_APP_NAME_MAX, "nameTooLong"),
});

export const trialSchema = z.object({
  listingId: z.string({ error: "listingRequired" }).min(1, "listingRequired"),
  specId: z.string({ error: "specRequired" }).min(1, "specRequired"),
});
export type TrialInput = z.infer<typeof trialSchema>;

export const orderSchema = trialSchema.extend({
  term: z.enum(ORDER_TERMS, { error: "termRequired" }),
});
export type OrderInput = z.infer<typeof orderSchema>;

/** The agreement box is checked here, on the server, not only in the browser. */
export const experienceSchema = z.object({
  listingId: z.string({ error: "listingRequired" }).min(1, "listingRequired"),
  agree: z.literal(true, { error: "agreementRequired" }),
});
/** The 立即体验 form: its box travels as `agree=on`, and the service refuses anything but a tick. */
export const experienceFormSchema = experienceSchema.extend({ agree: checkbox });

/** 绑定应用 / 解绑应用: the service judges the selection (none, too many, not the buyer's). */
export const bindDevicesSchema = deviceSelectionSchema.extend({ bind: z.boolean() });

/** 我的IoT应用 list filters as they appear in the URL. */
export const myAppsQuerySchema = z.object({
  q: z.string().trim().max(MY_APP_NAME_MAX).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type MyAppsQuery = z.infer<typeof myAppsQuerySchema>;

export const ordersQuerySchema = z.object({
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  /** An order number or its beginning, as the buyer quotes it ("3F9A1C2B", "#3f9a"). */
  number: z
    .string()
    .transform((v) => v.replace(/[\s#]/g, "").slice(0, 36) || undefined)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type OrdersQuery = z.infer<typeof ordersQuerySchema>;
