import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { sealV1 } from "../support/secrets";


describe("sealing secrets", () => {
  it("generates the master key once into DATA_DIR with mode 0600 and opens across restarts", async () => {
    const { sealSecret, openSecret } = await import("@/lib/secrets/seal");
    const stored = sealSecret("device-secret", "p_d1", "device-secret-1");
    expect(stored).toMatch(/^v2\./);
    expect(stored).not.toContain("device-secret-1");
    expect(sealSecret("device-secret", "p_d1", "device-secret-1")).not.toBe(stored); // a fresh IV each time
    const file = path.join(process.env.DATA_DIR!, "device-secret-key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    vi.resetModules(); // a new process
    expect((await import("@/lib/secrets/seal")).openSecret("device-secret", "p_d1", stored)).toBe("device-secret-1");
    expect(openSecret("device-secret", "p_d1", stored)).toBe("device-secret-1");
  });

  it("does not open a value moved to another kind or another record", async () => {
    const { sealSecret, openSecret } = await import("@/lib/secrets/seal");
    const token = sealSecret("target-credential", "t1/tokenEncrypted", "cluster-token");
    expect(openSecret("target-credential", "t1/tokenEncrypted", token)).toBe("cluster-token");
    // Same record string, other kinds: other keys.
    for (const kind of ["device-secret", "batch-item-secret", "deployment-output", "app-key"] as const) {
      expect(() => openSecret(kind, "t1/tokenEncrypted", token)).toThrow();
    }
    // Same kind, other records (another target; the client-key field of the same target).
    expect(() => openSecret("target-credential", "t2/tokenEncrypted", token)).toThrow();
    expect(() => openSecret("target-credential", "t1/clientKeyEncrypted", token)).toThrow();
    const deviceA = sealSecret("device-secret", "p_a", "secret-a");
    expect(() => openSecret("device-secret", "p_b", deviceA)).toThrow();
  });

  it("refuses a tampered value and one sealed under another master key", async () => {
    const { sealSecret, openSecret } = await import("@/lib/secrets/seal");
    const stored = sealSecret("app-key", "app-1", "sca_x");
    const parts = stored.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0]! ^= 1;
    expect(() => openSecret("app-key", "app-1", [...parts.slice(0, 3), flipped.toString("base64url")].join("."))).toThrow();
    expect(() => openSecret("app-key", "app-1", `v3.${parts.slice(1).join(".")}`)).toThrow("Unknown secret format");

    vi.stubEnv("DEVICE_SECRET_KEY", "another master key");
    vi.resetModules();
    const other = await import("@/lib/secrets/seal");
    expect(() => other.openSecret("app-key", "app-1", stored)).toThrow();
    expect(other.openSecret("app-key", "app-1", other.sealSecret("app-key", "app-1", "x-secret"))).toBe("x-secret");
    vi.unstubAllEnvs();
  });

  it("still opens v1 values, under whichever kind and record they are read as", async () => {
    const { currentMasterKey, isLegacySealed, openSecret } = await import("@/lib/secrets/seal");
    const legacy = sealV1(currentMasterKey(), "old-secret");
    expect(isLegacySealed(legacy)).toBe(true);
    expect(openSecret("device-secret", "any", legacy)).toBe("old-secret");
    expect(() => openSecret("device-secret", "any", sealV1("not the master key", "old-secret"))).toThrow();
  });

  it("generates secrets of the documented alphabets", async () => {
    const { generateSecret } = await import("@/lib/secrets/seal");
    const secrets = Array.from({ length: 50 }, () => generateSecret());
    for (const s of secrets) expect(s).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set(secrets).size).toBe(50);
    expect(generateSecret(true)).toMatch(/^[0-9a-f]{32}$/);
  });
});
