import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

describe("device secret encryption", () => {
  it("generates the master key once into DATA_DIR with mode 0600 and decrypts across restarts", async () => {
    const { encryptSecret, decryptSecret } = await import("@/lib/secrets/seal");
    const stored = encryptSecret("device-secret-1");
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain("device-secret-1");
    expect(encryptSecret("device-secret-1")).not.toBe(stored); // a fresh IV each time
    const file = path.join(process.env.DATA_DIR!, "device-secret-key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    vi.resetModules(); // a new process
    expect((await import("@/lib/secrets/seal")).decryptSecret(stored)).toBe("device-secret-1");
    expect(decryptSecret(stored)).toBe("device-secret-1");
  });

  it("refuses a tampered value and one encrypted under another master key", async () => {
    const { encryptSecret, decryptSecret } = await import("@/lib/secrets/seal");
    const stored = encryptSecret("device-secret-2");
    const parts = stored.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0]! ^= 1;
    expect(() => decryptSecret([...parts.slice(0, 3), flipped.toString("base64url")].join("."))).toThrow();

    vi.stubEnv("DEVICE_SECRET_KEY", "another master key");
    vi.resetModules();
    const other = await import("@/lib/secrets/seal");
    expect(() => other.decryptSecret(stored)).toThrow();
    expect(other.decryptSecret(other.encryptSecret("x-secret"))).toBe("x-secret");
    vi.unstubAllEnvs();
  });

  it("generates secrets of the documented alphabets", async () => {
    const { generateSecret } = await import("@/lib/secrets/seal");
    const secrets = Array.from({ length: 50 }, () => generateSecret());
    for (const s of secrets) expect(s).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set(secrets).size).toBe(50);
    expect(generateSecret(true)).toMatch(/^[0-9a-f]{32}$/);
  });
});
