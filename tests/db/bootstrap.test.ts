import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { bootstrap } from "@/db/seed";
import { verifyLogin } from "@/lib/auth/login";

const log = vi.spyOn(console, "log").mockImplementation(() => {});
afterEach(() => {
  log.mockClear();
  vi.unstubAllEnvs();
});

function printedPassword(email: string): string {
  const line = log.mock.calls.map((c) => String(c[0])).join("\n").split("\n").find((l) => l.includes(email));
  return line!.match(/password: (\S+)/)![1];
}

describe("bootstrap at server start", () => {
  it("creates the operator and, on the first start only, demo accounts whose printed passwords work", async () => {
    await bootstrap();
    const emails = getDb().select().from(users).all().map((u) => [u.email, u.roles]);
    expect(emails).toEqual([
      ["operator@stagecraft.local", ["operator"]],
      ["isv@demo.local", ["isv"]],
      ["buyer@demo.local", ["buyer"]],
    ]);
    for (const email of ["operator@stagecraft.local", "isv@demo.local", "buyer@demo.local"]) {
      expect(await verifyLogin({ email, password: printedPassword(email) }, "127.0.0.1")).not.toBeNull();
    }

    // Second start: nothing new, nothing printed.
    await bootstrap();
    expect(getDb().select().from(users).all()).toHaveLength(3);
    expect(log.mock.calls.length).toBe(1);
  });

  it("uses OPERATOR_EMAIL and OPERATOR_PASSWORD, never prints that password, and skips demo data when SEED_DEMO=false", async () => {
    getDb().delete(users).run();
    vi.stubEnv("OPERATOR_EMAIL", "Root@Example.com");
    vi.stubEnv("OPERATOR_PASSWORD", "operator-secret");
    vi.stubEnv("SEED_DEMO", "false");
    await bootstrap();
    expect(getDb().select().from(users).all().map((u) => u.email)).toEqual(["root@example.com"]);
    expect(log.mock.calls.join("\n")).not.toContain("operator-secret");
    expect(await verifyLogin({ email: "root@example.com", password: "operator-secret" }, "127.0.0.1")).not.toBeNull();
  });
});
