import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { devices as devicesTable } from "@/db/schema";
import { deleteDevices, resetDeviceSecret } from "@/lib/devices/service";
import { emit } from "@/lib/events";
import { authenticateDevice, iotdaCredentials } from "@/lib/mqtt/auth";
import { openSecret } from "@/lib/secrets/seal";
import { makeDevices } from "../support/mqtt";

// Counts the unsealings behind each connect; the real function does the work.
vi.mock("@/lib/secrets/seal", async (original) => {
  const actual = await original<typeof import("@/lib/secrets/seal")>();
  return { ...actual, openSecret: vi.fn(actual.openSecret) };
});
const unsealings = vi.mocked(openSecret);

const connect = (d: { id: string; secret: string }) => {
  const c = iotdaCredentials(d.id, d.secret);
  return authenticateDevice(c.clientId, c.username, Buffer.from(c.password));
};
const sealedOf = (id: string) => getDb().select({ secretEnc: devicesTable.secretEnc }).from(devicesTable).where(eq(devicesTable.id, id)).get()!.secretEnc!;

describe("a device's secret, unsealed once per sealed value", () => {
  it("is unsealed at the first connect only, and again once it was reset; the old secret is refused", async () => {
    const { owner, devices } = await makeDevices(1);
    const [d] = devices;
    unsealings.mockClear();
    expect(connect(d)).toEqual({ seq: d.seq, id: d.id });
    expect(connect(d)).toEqual({ seq: d.seq, id: d.id });
    expect(unsealings).toHaveBeenCalledTimes(1);
    const { secret } = resetDeviceSecret(owner, d.id, {});
    expect(connect(d)).toBeNull();
    expect(connect({ id: d.id, secret })).toEqual({ seq: d.seq, id: d.id });
    expect(unsealings).toHaveBeenCalledTimes(2);
  });

  it("does not outlive the device: deleted, it is refused although its secret was unsealed", async () => {
    const { owner, devices } = await makeDevices(1);
    const [d] = devices;
    expect(connect(d)).not.toBeNull();
    deleteDevices(owner, [d.id]);
    expect(connect(d)).toBeNull();
  });

  it("is dropped when the device is revoked, so its clear secret is not kept after it stopped counting", async () => {
    const { devices } = await makeDevices(1);
    const [d] = devices;
    unsealings.mockClear();
    expect(connect(d)).not.toBeNull();
    // What deleting the device or resetting its secret announces; the row stays here, so the same
    // sealed value must be unsealed again at the next connect.
    emit("devices.revoked", { deviceIds: [d.id] });
    expect(connect(d)).not.toBeNull();
    expect(unsealings).toHaveBeenCalledTimes(2);
  });

  it("stays bound to its device: a sealed value copied into another device's row does not open there", async () => {
    const { devices } = await makeDevices(2);
    const [a, b] = devices;
    expect(connect(a)).not.toBeNull();
    getDb().update(devicesTable).set({ secretEnc: sealedOf(a.id) }).where(eq(devicesTable.id, b.id)).run();
    expect(connect({ id: b.id, secret: a.secret })).toBeNull();
    expect(connect(a)).not.toBeNull();
  });
});
