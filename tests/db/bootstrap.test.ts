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

describe("bootstrap at server start", () => {
  it("creates the operator and, on the first start only, demo accounts whose returned passwords work", async () => {
    const { accounts } = await bootstrap();
    const passwordOf = (email: string) => accounts.find((a) => a.email === email)!.password!;
    const emails = getDb().select().from(users).all().map((u) => [u.email, u.roles]);
    expect(emails).toEqual([
      ["operator@stagecraft.local", ["operator"]],
      ["isv@demo.local", ["isv"]],
      ["buyer@demo.local", ["buyer"]],
    ]);
    for (const email of ["operator@stagecraft.local", "isv@demo.local", "buyer@demo.local"]) {
      expect(await verifyLogin({ email, password: passwordOf(email) }, "127.0.0.1")).not.toBeNull();
    }
    // Printed by the server once it listens (lib/cli/welcome.mjs), never here.
    expect(log).not.toHaveBeenCalled();

    // Second start: nothing new, nothing to show.
    expect((await bootstrap()).accounts).toEqual([]);
    expect(getDb().select().from(users).all()).toHaveLength(3);
  });

  it("uses OPERATOR_EMAIL and OPERATOR_PASSWORD, never prints that password, and skips demo data when SEED_DEMO=false", async () => {
    getDb().delete(users).run();
    vi.stubEnv("OPERATOR_EMAIL", "Root@Example.com");
    vi.stubEnv("OPERATOR_PASSWORD", "operator-secret");
    vi.stubEnv("SEED_DEMO", "false");
    const { accounts } = await bootstrap();
    expect(accounts).toEqual([{ role: "operator", email: "root@example.com", password: null }]);
    expect(getDb().select().from(users).all().map((u) => u.email)).toEqual(["root@example.com"]);
    expect(log).not.toHaveBeenCalled();
    expect(await verifyLogin({ email: "root@example.com", password: "operator-secret" }, "127.0.0.1")).not.toBeNull();
  });
});
