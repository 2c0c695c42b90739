import { describe, expect, it } from "vitest";
import { authenticateDevice, iotdaCredentials, iotdaPassword, parseClientId } from "@/lib/mqtt/auth";
import { maySubscribe, publishKind } from "@/lib/mqtt/topics";
import { deleteDevices, registerDevice, resetDeviceSecret } from "@/lib/devices/service";
import { makeDevices } from "../support/mqtt";

const at = (iso: string) => new Date(iso).getTime();

describe("IoTDA credentials", () => {
  it("matches IoTDA's own test vector", () => {
    expect(iotdaPassword("12345678", "2025041401")).toBe("c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a");
  });

  it("reads client IDs from the end, since device IDs hold underscores", () => {
    expect(parseClientId("prod_1_node_a_0_1_2025041401")).toMatchObject({ deviceId: "prod_1_node_a", checkTime: true, timestamp: "2025041401" });
    expect(parseClientId("dev_0_0_2025041401")).toMatchObject({ deviceId: "dev", checkTime: false });
    for (const bad of ["dev_0_2_2025041401", "dev_1_1_2025041401", "dev_0_1_202504140", "dev_0_1_2025023101", "dev_0_1_2025041425", "_0_1_2025041401", "dev"]) {
      expect(parseClientId(bad), bad).toBeNull();
    }
  });

  it("accepts the right HMAC within the hour window and refuses everything else alike", async () => {
    const { devices } = await makeDevices(1);
    const [d] = devices;
    const now = at("2026-03-10T12:30:00Z");
    const ok = iotdaCredentials(d.id, d.secret, new Date(now));
    expect(authenticateDevice(ok.clientId, ok.username, Buffer.from(ok.password), now)).toEqual({ seq: d.seq, id: d.id });
    // One hour either side of the server's hour is accepted, two are not.
    const early = iotdaCredentials(d.id, d.secret, new Date(now - 3_600_000));
    expect(authenticateDevice(early.clientId, early.username, Buffer.from(early.password), now)).not.toBeNull();
    const stale = iotdaCredentials(d.id, d.secret, new Date(now - 2 * 3_600_000));
    expect(authenticateDevice(stale.clientId, stale.username, Buffer.from(stale.password), now)).toBeNull();
    const future = iotdaCredentials(d.id, d.secret, new Date(now + 2 * 3_600_000));
    expect(authenticateDevice(future.clientId, future.username, Buffer.from(future.password), now)).toBeNull();
    // Flag 0: the clock is not checked.
    const old = iotdaCredentials(d.id, d.secret, new Date("2020-01-01T00:00:00Z"), false);
    expect(authenticateDevice(old.clientId, old.username, Buffer.from(old.password), now)).not.toBeNull();
    // Wrong HMAC, other username, upper-case hex, no password.
    expect(authenticateDevice(ok.clientId, ok.username, Buffer.from(iotdaPassword("wrong", "2026031012")), now)).toBeNull();
    expect(authenticateDevice(ok.clientId, `${d.id}x`, Buffer.from(ok.password), now)).toBeNull();
    expect(authenticateDevice(ok.clientId, ok.username, Buffer.from(ok.password.toUpperCase()), now)).toBeNull();
    expect(authenticateDevice(ok.clientId, ok.username, undefined, now)).toBeNull();
  });

  it("refuses unknown, deleted and certificate devices", async () => {
    const { owner, product, devices } = await makeDevices(1);
    const now = Date.now();
    const unknown = iotdaCredentials(`${product.id}_nobody`, "12345678");
    expect(authenticateDevice(unknown.clientId, unknown.username, Buffer.from(unknown.password), now)).toBeNull();
    const cert = registerDevice(owner, { productId: product.id, nodeId: "cert", name: "Cert", authType: "CERTIFICATES", fingerprint: "a".repeat(64) });
    const certCreds = iotdaCredentials(cert.device.id, "");
    expect(authenticateDevice(certCreds.clientId, certCreds.username, Buffer.from(certCreds.password), now)).toBeNull();
    const gone = iotdaCredentials(devices[0].id, devices[0].secret);
    deleteDevices(owner, [devices[0].id]);
    expect(authenticateDevice(gone.clientId, gone.username, Buffer.from(gone.password), now)).toBeNull();
  });

  it("refuses a reset secret at the very next connect, right after it succeeded, and takes the new one", async () => {
    const { owner, devices } = await makeDevices(2);
    const [d, other] = devices;
    const now = Date.now();
    const old = iotdaCredentials(d.id, d.secret);
    const connect = (c: typeof old) => authenticateDevice(c.clientId, c.username, Buffer.from(c.password), now);
    expect(connect(old)).toEqual({ seq: d.seq, id: d.id });
    const { secret } = resetDeviceSecret(owner, d.id, {});
    // The row is read at every connect: the new sealed value is not the one whose secret was kept.
    expect(connect(old)).toBeNull();
    expect(connect(iotdaCredentials(d.id, secret))).toEqual({ seq: d.seq, id: d.id });
    expect(connect(iotdaCredentials(other.id, other.secret))).toEqual({ seq: other.seq, id: other.id });
  });
});

describe("topic rules", () => {
  const own = "$oc/devices/p_n/";
  it("lets a device publish only to its own uplink topics", () => {
    expect(publishKind("p_n", `${own}sys/properties/report`)).toBe("properties");
    expect(publishKind("p_n", `${own}sys/messages/up`)).toBe("messages");
    expect(publishKind("p_n", `${own}sys/events/up`)).toBe("events");
    expect(publishKind("p_n", `${own}user/a/b`)).toBe("user");
    for (const t of [`${own}sys/messages/down`, `${own}user/`, "$oc/devices/p_m/sys/properties/report", "$oc/devices/p_n", "other"]) {
      expect(publishKind("p_n", t), t).toBeNull();
    }
  });

  it("lets a device subscribe only to its own downlink topics", () => {
    for (const f of ["sys/messages/down", "sys/commands/#", "sys/commands/request_id=1", "sys/properties/set/#", "sys/properties/get/+", "user/x", "user/#"]) {
      expect(maySubscribe("p_n", own + f), f).toBe(true);
    }
    for (const f of ["#", "$oc/#", "$oc/devices/+/sys/messages/down", "$oc/devices/p_m/sys/messages/down", `${own}#`, `${own}sys/#`, `${own}sys/properties/report`, `${own}user/#/x`, `${own}user/a#`]) {
      expect(maySubscribe("p_n", f), f).toBe(false);
    }
  });
});
