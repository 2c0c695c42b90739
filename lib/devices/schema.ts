import { z } from "zod";
import { AUTH_TYPES, DEVICE_STATUSES, ITEM_STATUSES, PROTOCOLS } from "@/db/enums";
import { upload } from "@/lib/form-fields";

// Messages are keys of the `errors` catalogue; the same schemas check forms, REST bodies and rows
// of batch files, so every entry point gives the same reasons.

const required = (key: string) => z.string({ error: key }).trim().min(1, { error: key });

export const createProductSchema = z.object({
  name: required("productNameRequired").max(64, { error: "productNameTooLong" }),
  protocol: z.enum(PROTOCOLS, { error: "protocolInvalid" }),
  deviceType: required("deviceTypeRequired").max(32, { error: "deviceTypeTooLong" }),
  manufacturer: required("manufacturerRequired").max(32, { error: "manufacturerTooLong" }),
});
export type CreateProductInput = z.input<typeof createProductSchema>;

export const nodeIdSchema = z
  .string({ error: "nodeIdRequired" })
  .min(1, { error: "nodeIdRequired", abort: true })
  .max(64, { error: "nodeIdTooLong", abort: true })
  .regex(/^[A-Za-z0-9_-]+$/, { error: "nodeIdInvalid" });

/** 8–32 characters of [A-Za-z0-9_-]; whether it must be hexadecimal depends on the product. */
export const secretSchema = z
  .string()
  .min(8, { error: "secretLength", abort: true })
  .max(32, { error: "secretLength", abort: true })
  .regex(/^[A-Za-z0-9_-]+$/, { error: "secretInvalid" });

/** 40 (SHA-1) or 64 (SHA-256) hex digits; the colons `openssl x509 -fingerprint` prints are dropped. */
export const fingerprintSchema = z
  .string({ error: "fingerprintRequired" })
  .trim()
  .transform((value) => value.replaceAll(":", "").toLowerCase())
  .pipe(
    z
      .string()
      .min(1, { error: "fingerprintRequired", abort: true })
      .regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, { error: "fingerprintInvalid" }),
  );

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const deviceFields = z.object({
  productId: required("productRequired"),
  nodeId: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), nodeIdSchema),
  name: z.preprocess(blankToUndefined, z.string().trim().max(256, { error: "deviceNameTooLong" }).optional()),
  authType: z.preprocess(
    (v) => blankToUndefined(typeof v === "string" ? v.trim().toUpperCase() : v),
    z.enum(AUTH_TYPES, { error: "authTypeInvalid" }).default("SECRET"),
  ),
  secret: z.preprocess(blankToUndefined, secretSchema.optional()),
  fingerprint: z.preprocess(blankToUndefined, z.string().optional()),
});

/** A certificate device needs its fingerprint; a secret device ignores any fingerprint sent. */
function withAuthRules<T extends z.ZodType<z.infer<typeof deviceFields>>>(schema: T) {
  return schema.transform((device, ctx) => {
    if (device.authType === "SECRET") return { ...device, fingerprint: undefined };
    const fingerprint = fingerprintSchema.safeParse(device.fingerprint ?? "");
    if (!fingerprint.success) {
      for (const issue of fingerprint.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: ["fingerprint"] });
      return z.NEVER;
    }
    return { ...device, secret: undefined, fingerprint: fingerprint.data };
  });
}

export const registerDeviceSchema = withAuthRules(deviceFields);
export type RegisterDeviceInput = z.input<typeof registerDeviceSchema>;
export type RegisterDeviceData = z.output<typeof registerDeviceSchema>;

/** The form asks for the secret twice. */
export const registerDeviceFormSchema = withAuthRules(
  deviceFields
    .extend({ secretConfirm: z.preprocess(blankToUndefined, z.string().optional()) })
    .refine((d) => d.authType !== "SECRET" || (d.secret ?? "") === (d.secretConfirm ?? ""), {
      error: "secretMismatch",
      path: ["secretConfirm"],
    }),
);

export const resetSecretSchema = z.object({
  secret: z.preprocess(blankToUndefined, secretSchema.optional()),
});
export const resetSecretFormSchema = resetSecretSchema
  .extend({ deviceId: z.string().default(""), secretConfirm: z.preprocess(blankToUndefined, z.string().optional()) })
  .refine((d) => (d.secret ?? "") === (d.secretConfirm ?? ""), { error: "secretMismatch", path: ["secretConfirm"] });

export const DEVICE_SORTS = ["createdAt", "nodeId", "name", "status"] as const;
export const PAGE_SIZES = [10, 20, 50, 100] as const;

/** The device list's URL state; anything malformed falls back to the default instead of failing. */
export const deviceListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce
    .number()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(20),
  productId: z.string().trim().max(36).optional().catch(undefined),
  status: z.enum(DEVICE_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(64).optional().catch(undefined),
  sort: z.enum(DEVICE_SORTS).catch("createdAt"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
});
export type DeviceListQuery = z.output<typeof deviceListQuerySchema>;

export const taskItemsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  status: z.enum(ITEM_STATUSES).optional().catch(undefined),
});

/** 批量注册's file; none chosen is refused where the file is read. */
export const batchFormSchema = z.object({ file: upload });

/** Devices picked in the list; how many may be picked is the services' rule. */
export const deviceSelectionSchema = z.object({ deviceIds: z.array(z.string()) });

export const deviceIdsSchema = z.array(z.string().min(1).max(160)).min(1, { error: "noDevicesSelected" }).max(1000, { error: "tooManyDevicesSelected" });
