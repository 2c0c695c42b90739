import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { authenticateApiKey } from "@/lib/api-keys/service";
import { verifyLogin } from "@/lib/auth/login";
import { getUserByEmail } from "@/lib/users/queries";

const run = promisify(execFile);
const admin = (...args: string[]) =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts", ...args], {
    env: { ...process.env },
  });

describe("npm run admin", () => {
  it("creates an account and an API key in the same DATA_DIR the server uses", async () => {
    const created = await admin("user", "create", "--email", "cli@test.local", "--password", "password123", "--role", "isv", "--role", "operator");
    expect(created.stdout).toContain("Created cli@test.local (isv, operator)");
    expect((await verifyLogin({ email: "cli@test.local", password: "password123" }, "127.0.0.1"))?.roles).toEqual(["isv", "operator"]);

    const { stdout } = await admin("apikey", "create", "--email", "cli@test.local", "--name", "automation");
    const key = stdout.trim().split("\n").at(-1)!;
    expect(authenticateApiKey(key)?.email).toBe("cli@test.local");
  });

  it("changes an account's roles and ends its sessions", async () => {
    await admin("user", "create", "--email", "roles@test.local", "--password", "password123", "--role", "isv");
    const before = getUserByEmail("roles@test.local")!;
    expect(before.sessionsValidAfter).toBe(0);
    const { stdout } = await admin("user", "roles", "--email", "roles@test.local", "--role", "buyer,operator");
    expect(stdout).toContain("roles@test.local now has the roles buyer, operator");
    const after = getUserByEmail("roles@test.local")!;
    expect(after.roles).toEqual(["buyer", "operator"]);
    expect(after.sessionsValidAfter).toBeGreaterThan(0);
  });

  it("explains bad input and exits with status 2", async () => {
    const failures = [
      [["user", "create", "--email", "x", "--password", "short", "--role", "isv"], "This is not a valid email address."],
      [["user", "create", "--email", "a@b.io", "--password", "password123", "--role", "king"], "unknown role king"],
      [["apikey", "create", "--email", "nobody@test.local", "--name", "n"], "no account with the email nobody@test.local"],
      [["user", "roles", "--email", "nobody@test.local", "--role", "isv"], "no account with the email nobody@test.local"],
      [["user", "roles", "--email", "cli@test.local", "--role", "king"], "unknown role king"],
      [["user", "roles", "--email", "cli@test.local"], "Choose what you sign up as."],
      [["frobnicate"], 'unknown command "frobnicate"'],
    ] as const;
    for (const [args, message] of failures) {
      const error = await admin(...args).then(() => null, (e) => e);
      expect(error?.code, args.join(" ")).toBe(2);
      expect(error.stderr).toContain(message);
    }
  });
}, 60_000);
