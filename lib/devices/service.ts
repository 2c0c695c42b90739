import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { getDb, isUniqueViolation } from "@/db";
import { emit } from "@/lib/events";
import { devices, products, type User } from "@/db/schema";
import { ConflictError, NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { generateSecret, sealSecret } from "@/lib/secrets/seal";
import { getDeviceOrThrow, getProductOrThrow } from "./queries";
import { DeviceRuleError, prepareDevice } from "./rules";
import {
  createProductSchema,
  deviceIdsSchema,
  registerDeviceSchema,
  resetSecretSchema,
  type CreateProductInput,
  type RegisterDeviceInput,
} from "./schema";

type Owner = Pick<User, "id">;

/** Creates a product with a generated id (24 hex characters, as IoTDA's). */
export function createProduct(owner: Owner, input: CreateProductInput) {
  const parsed = createProductSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalidInput", zodFieldErrors(parsed.error));
  return getDb()
    .insert(products)
    .values({ id: randomBytes(12).toString("hex"), ownerId: owner.id, ...parsed.data })
    .returning()
    .get();
}

/**
 * Registers one device of one of the owner's products. The secret (given or generated) is
 * returned in clear this once; only its encryption is stored.
 */
export function registerDevice(owner: Owner, input: RegisterDeviceInput) {
  const parsed = registerDeviceSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalidInput", zodFieldErrors(parsed.error));
  const product = getProductOrThrow(owner, parsed.data.productId);
  let prepared;
  try {
    prepared = prepareDevice(product, parsed.data);
  } catch (error) {
    if (error instanceof DeviceRuleError) throw new ValidationError("invalidInput", { [error.field]: [error.key] });
    throw error;
  }
  const { secret, id, nodeId, name, authType, secretEnc, fingerprint, secure } = prepared;
  try {
    const device = getDb()
      .insert(devices)
      .values({ id, nodeId, name, authType, secretEnc, fingerprint, secure, ownerId: owner.id, productId: product.id })
      .returning()
      .get();
    return { device: { ...device, productName: product.name }, product, secret };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("nodeIdTaken", { nodeId: ["nodeIdTaken"] });
    throw error;
  }
}

/**
 * Replaces a secret device's secret with the one given or a generated one, returned in clear this
 * once. A non-secure CoAP device given a secret becomes secure.
 */
export function resetDeviceSecret(owner: Owner, deviceId: string, input: { secret?: string }) {
  const device = getDeviceOrThrow(owner, deviceId);
  const parsed = resetSecretSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalidInput", zodFieldErrors(parsed.error));
  if (device.authType !== "SECRET") throw new ValidationError("notSecretDevice");
  const coap = getProductOrThrow(owner, device.productId).protocol === "CoAP";
  if (parsed.data.secret !== undefined && coap && !/^[0-9a-fA-F]+$/.test(parsed.data.secret)) {
    throw new ValidationError("invalidInput", { secret: ["secretNotHex"] });
  }
  const secret = parsed.data.secret ?? generateSecret(coap);
  getDb()
    .update(devices)
    .set({ secretEnc: sealSecret("device-secret", device.id, secret), secure: true })
    .where(and(eq(devices.id, device.id), eq(devices.ownerId, owner.id)))
    .run();
  emit("devices.revoked", { deviceIds: [device.id] }); // a session opened with the old secret ends now
  return { deviceId: device.id, secret };
}

/**
 * Deletes the owner's devices; all or none. An id that is not the owner's makes the whole call
 * fail as "not found", so a mixed selection never half-deletes.
 */
export function deleteDevices(owner: Owner, deviceIds: string[]): number {
  const parsed = deviceIdsSchema.safeParse(deviceIds);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]!.message);
  const ids = [...new Set(parsed.data)];
  const deleted = getDb().transaction((tx) => {
    const where = and(eq(devices.ownerId, owner.id), inArray(devices.id, ids));
    const deleted = tx.delete(devices).where(where).run().changes;
    // Throwing inside the transaction rolls the deletions back.
    if (deleted !== ids.length) throw new NotFoundError("deviceNotFound");
    return deleted;
  });
  emit("devices.revoked", { deviceIds: ids });
  return deleted;
}
