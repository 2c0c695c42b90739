import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { openSecret } from "@/lib/secrets/seal";
import { getDeviceOrThrow, listDevices } from "@/lib/devices/queries";
import { deviceListQuerySchema } from "@/lib/devices/schema";
import { createProduct, deleteDevices, registerDevice, resetDeviceSecret } from "@/lib/devices/service";
import { makeUser } from "../support/users";

const product = (owner: { id: string }, protocol: "MQTT" | "CoAP" | "HTTP" = "MQTT") =>
  createProduct(owner, { name: `p-${protocol}`, protocol, deviceType: "meter", manufacturer: "acme" });

/** The field errors of a rejected call. */
function fieldErrorsOf(call: () => unknown): Record<string, string[]> | undefined {
  try {
    call();
  } catch (error) {
    return (error as { fieldErrors?: Record<string, string[]> }).fieldErrors;
  }
  throw new Error("expected the call to fail");
}
const deviceCount = () => getDb().$client.prepare("select count(*) as n from devices").get() as { n: number };

describe("products", () => {
  it("creates products with generated ids and refuses bad fields", async () => {
    const user = await makeUser(["buyer"]);
    const p = product(user);
    expect(p.id).toMatch(/^[A-Za-z0-9_-]{1,36}$/);
    expect(fieldErrorsOf(() => createProduct(user, { name: "", protocol: "LoRa" as "MQTT", deviceType: "x".repeat(33), manufacturer: "" }))).toEqual({
      name: ["productNameRequired"],
      protocol: ["protocolInvalid"],
      deviceType: ["deviceTypeTooLong"],
      manufacturer: ["manufacturerRequired"],
    });
  });
});

describe("registerDevice", () => {
  it("registers a secret device as {productId}_{nodeId}, storing the generated secret encrypted", async () => {
    const user = await makeUser(["buyer"]);
    const p = product(user);
    const { device, secret } = registerDevice(user, { productId: p.id, nodeId: "meter-1", name: "Meter 1" });
    expect(device.id).toBe(`${p.id}_meter-1`);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(device.secretEnc).not.toContain(secret!);
    expect(openSecret("device-secret", device.id, device.secretEnc!)).toBe(secret);
    expect(device).toMatchObject({ authType: "SECRET", secure: true, status: "INACTIVE", name: "Meter 1" });
  });

  it("keeps a given secret; CoAP without a secret is non-secure, with a non-hex one is refused", async () => {
    const user = await makeUser(["buyer"]);
    const mqtt = product(user);
    expect(registerDevice(user, { productId: mqtt.id, nodeId: "a", secret: "abcdefgh_-12" }).secret).toBe("abcdefgh_-12");
    const coap = product(user, "CoAP");
    const plain = registerDevice(user, { productId: coap.id, nodeId: "nb-1" });
    expect(plain).toMatchObject({ secret: null, device: { secure: false, secretEnc: null } });
    expect(registerDevice(user, { productId: coap.id, nodeId: "nb-2", secret: "0123456789abcdef" }).device.secure).toBe(true);
    expect(fieldErrorsOf(() => registerDevice(user, { productId: coap.id, nodeId: "nb-3", secret: "not-hex-secret" }))).toEqual({ secret: ["secretNotHex"] });
  });

  it("accepts SHA-1 and colon-separated SHA-256 fingerprints for X.509 devices", async () => {
    const user = await makeUser(["buyer"]);
    const p = product(user);
    const sha256 = "AB:".repeat(31) + "AB";
    const cert = registerDevice(user, { productId: p.id, nodeId: "c1", authType: "CERTIFICATES", fingerprint: sha256 });
    expect(cert).toMatchObject({ secret: null, device: { fingerprint: "ab".repeat(32), secretEnc: null } });
    expect(registerDevice(user, { productId: p.id, nodeId: "c2", authType: "CERTIFICATES", fingerprint: "a".repeat(40) }).device.fingerprint).toBe("a".repeat(40));
  });

  it("refuses each bad input with its reason and stores nothing", async () => {
    const user = await makeUser(["buyer"]);
    const p = product(user);
    registerDevice(user, { productId: p.id, nodeId: "taken" });
    const before = deviceCount().n;
    const cases: [{ nodeId: string } & Record<string, string>, Record<string, string[]>][] = [
      [{ nodeId: "has space" }, { nodeId: ["nodeIdInvalid"] }],
      [{ nodeId: "x".repeat(65) }, { nodeId: ["nodeIdTooLong"] }],
      [{ nodeId: "" }, { nodeId: ["nodeIdRequired"] }],
      [{ nodeId: "taken" }, { nodeId: ["nodeIdTaken"] }],
      [{ nodeId: "n", name: "x".repeat(257) }, { name: ["deviceNameTooLong"] }],
      [{ nodeId: "n", secret: "1234567" }, { secret: ["secretLength"] }],
      [{ nodeId: "n", secret: "x".repeat(33) }, { secret: ["secretLength"] }],
      [{ nodeId: "n", secret: "bad secret!" }, { secret: ["secretInvalid"] }],
      [{ nodeId: "n", authType: "CERTIFICATES", fingerprint: "a".repeat(39) }, { fingerprint: ["fingerprintInvalid"] }],
      [{ nodeId: "n", authType: "CERTIFICATES" }, { fingerprint: ["fingerprintRequired"] }],
      [{ nodeId: "n", authType: "PSK" }, { authType: ["authTypeInvalid"] }],
      [{ nodeId: "n", productId: "missing" }, { productId: ["productNotFound"] }],
    ];
    for (const [input, errors] of cases) {
      expect(fieldErrorsOf(() => registerDevice(user, { productId: p.id, ...input })), JSON.stringify(input)).toEqual(errors);
    }
    expect(deviceCount().n).toBe(before);
  });

  it("treats another account's product and device like missing ones", async () => {
    const [alice, bob] = [await makeUser(["buyer"]), await makeUser(["buyer"])];
    const p = product(alice);
    const { device } = registerDevice(alice, { productId: p.id, nodeId: "mine" });
    expect(fieldErrorsOf(() => registerDevice(bob, { productId: p.id, nodeId: "theirs" }))).toEqual({ productId: ["productNotFound"] });
    expect(() => getDeviceOrThrow(bob, device.id)).toThrow("deviceNotFound");
    expect(() => resetDeviceSecret(bob, device.id, {})).toThrow("deviceNotFound");
    expect(() => deleteDevices(bob, [device.id])).toThrow("deviceNotFound");
    expect(getDeviceOrThrow(alice, device.id).id).toBe(device.id);
  });
});

describe("resetDeviceSecret and deleteDevices", () => {
  it("replaces the secret once; refuses certificate devices and bad secrets", async () => {
    const user = await makeUser(["buyer"]);
    const p = product(user);
    const { device, secret } = registerDevice(user, { productId: p.id, nodeId: "r1" });
    const reset = resetDeviceSecret(user, device.id, {});
    expect(reset.secret).not.toBe(secret);
    expect(openSecret("device-secret", device.id, getDeviceOrThrow(user, device.id).secretEnc!)).toBe(reset.secret);
    expect(resetDeviceSecret(user, device.id, { secret: "chosen-secret" }).secret).toBe("chosen-secret");
    expect(() => resetDeviceSecret(user, device.id, { secret: "short" })).toThrow("invalidInput");
    const cert = registerDevice(user, { productId: p.id, nodeId: "c", authType: "CERTIFICATES", fingerprint: "b".repeat(64) });
    expect(() => resetDeviceSecret(user, cert.device.id, {})).toThrow("notSecretDevice");
  });

  it("deletes several devices at once, or none when one is not the caller's", async () => {
    const [alice, bob] = [await makeUser(["buyer"]), await makeUser(["buyer"])];
    const pa = product(alice);
    const pb = product(bob);
    const ids = ["d1", "d2", "d3"].map((nodeId) => registerDevice(alice, { productId: pa.id, nodeId }).device.id);
    const bobs = registerDevice(bob, { productId: pb.id, nodeId: "b1" }).device.id;
    expect(() => deleteDevices(alice, [ids[0]!, bobs])).toThrow("deviceNotFound");
    expect(() => getDeviceOrThrow(alice, ids[0]!)).not.toThrow();
    expect(deleteDevices(alice, [ids[0]!, ids[1]!])).toBe(2);
    expect(() => getDeviceOrThrow(alice, ids[0]!)).toThrow("deviceNotFound");
    expect(() => deleteDevices(alice, [])).toThrow("noDevicesSelected");
  });
});

describe("listDevices", () => {
  it("filters, sorts and pages on the server, only over the caller's devices", async () => {
    const [alice, bob] = [await makeUser(["buyer"]), await makeUser(["buyer"])];
    const p1 = product(alice);
    const p2 = product(alice, "HTTP");
    for (let i = 0; i < 25; i++) registerDevice(alice, { productId: i % 2 ? p1.id : p2.id, nodeId: `node-${String(i).padStart(2, "0")}`, name: i === 7 ? "Boiler_7%" : `dev ${i}` });
    registerDevice(bob, { productId: product(bob).id, nodeId: "node-99" });
    const q = (params: Record<string, string>) => listDevices(alice, deviceListQuerySchema.parse(params));

    const first = q({});
    expect(first).toMatchObject({ total: 25, totalCapped: false, hasNext: true });
    expect(first.rows).toHaveLength(20);
    expect(first.rows[0]!.nodeId).toBe("node-24"); // newest first
    expect(q({ page: "2" }).rows.map((r) => r.nodeId)).toEqual(["node-04", "node-03", "node-02", "node-01", "node-00"]);
    expect(q({ page: "2" }).hasNext).toBe(false);
    expect(q({ productId: p1.id }).total).toBe(12);
    expect(q({ status: "ONLINE" }).total).toBe(0);
    expect(q({ status: "INACTIVE", size: "10" }).rows).toHaveLength(10);
    expect(q({ q: "bOILER_7%" }).rows.map((r) => r.nodeId)).toEqual(["node-07"]); // case-insensitive prefix, % is literal
    expect(q({ q: "oiler" }).total).toBe(0); // a prefix, not a substring
    expect(q({ q: "node-1" }).total).toBe(10);
    expect(q({ q: "NODE-1", sort: "name", dir: "asc" }).rows.map((r) => r.name)).toEqual(["dev 10", "dev 11", "dev 12", "dev 13", "dev 14", "dev 15", "dev 16", "dev 17", "dev 18", "dev 19"]);
    expect(q({ sort: "nodeId", dir: "asc" }).rows[0]!.nodeId).toBe("node-00");
    expect(q({ sort: "bogus", page: "-3", size: "7" }).rows).toHaveLength(20); // malformed URL state falls back
  });
});
