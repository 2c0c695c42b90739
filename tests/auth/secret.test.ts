import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

describe("authSecret", () => {
  it("generates one secret into DATA_DIR with mode 0600 and keeps it across restarts", async () => {
    const { authSecret } = await import("@/lib/auth/secret");
    const file = path.join(process.env.DATA_DIR!, "auth-secret");
    const secret = authSecret();
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    vi.resetModules(); // a new process: nothing cached
    const again = (await import("@/lib/auth/secret")).authSecret();
    expect(again).toBe(secret);
  });

  it("prefers AUTH_SECRET from the environment", async () => {
    vi.stubEnv("AUTH_SECRET", "from-env");
    vi.resetModules();
    expect((await import("@/lib/auth/secret")).authSecret()).toBe("from-env");
    vi.unstubAllEnvs();
  });
});
