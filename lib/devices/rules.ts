import "server-only";
import type { Product } from "@/db/schema";
import type { RegisterDeviceData } from "./schema";
import { generateSecret, sealSecret } from "@/lib/secrets/seal";

/** A device row's rule failure: the message key and the field it is about. */
export class DeviceRuleError extends Error {
  constructor(
    readonly key: string,
    readonly field: string,
  ) {
    super(key);
  }
}

export type PreparedDevice = {
  id: string;
  nodeId: string;
  name: string;
  authType: "SECRET" | "CERTIFICATES";
  secretEnc: string | null;
  fingerprint: string | null;
  secure: boolean;
  /** In clear, only to hand back once to whoever registered the device. */
  secret: string | null;
  secretGenerated: boolean;
};

export const deviceIdOf = (productId: string, nodeId: string) => `${productId}_${nodeId}`;

/**
 * The rules that depend on the product, shared by single registration, the REST API and batch
 * rows. CoAP devices take hexadecimal secrets only, and one registered without a secret talks
 * plain CoAP (port 5683, not secure); every other secret device gets a generated secret when none
 * is given.
 */
export function prepareDevice(product: Pick<Product, "id" | "protocol">, data: RegisterDeviceData): PreparedDevice {
  const coap = product.protocol === "CoAP";
  const base = { id: deviceIdOf(product.id, data.nodeId), nodeId: data.nodeId, name: data.name || data.nodeId };
  if (data.authType === "CERTIFICATES") {
    return { ...base, authType: "CERTIFICATES", secretEnc: null, fingerprint: data.fingerprint!, secure: true, secret: null, secretGenerated: false };
  }
  if (data.secret !== undefined && coap && !/^[0-9a-fA-F]+$/.test(data.secret)) throw new DeviceRuleError("secretNotHex", "secret");
  if (data.secret === undefined && coap) {
    return { ...base, authType: "SECRET", secretEnc: null, fingerprint: null, secure: false, secret: null, secretGenerated: false };
  }
  const secret = data.secret ?? generateSecret(coap);
  return {
    ...base,
    authType: "SECRET",
    secretEnc: sealSecret("device-secret", base.id, secret),
    fingerprint: null,
    secure: true,
    secret,
    secretGenerated: data.secret === undefined,
  };
}
