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
/** The admin command with `input` on its stdin. */
const adminWithInput = (input: string, ...args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts", ...args], (error, stdout, stderr) =>
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
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
    const { stdout } = await admin("user", "set-roles", "--email", "roles@test.local", "--role", "buyer,operator");
    expect(stdout).toContain("roles@test.local now has the roles buyer, operator");
    const after = getUserByEmail("roles@test.local")!;
    expect(after.roles).toEqual(["buyer", "operator"]);
    expect(after.sessionsValidAfter).toBeGreaterThan(0);
    await admin("user", "roles", "--email", "roles@test.local", "--role", "isv"); // the former name stays
    expect(getUserByEmail("roles@test.local")!.roles).toEqual(["isv"]);
  });

  it("lists the accounts as a table", async () => {
    await admin("user", "create", "--email", "list@test.local", "--password", "password123", "--role", "buyer");
    const { stdout } = await admin("user", "list");
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^EMAIL +ROLES +CREATED$/);
    expect(lines.find((l) => l.startsWith("list@test.local"))).toMatch(/^list@test\.local +buyer +\d{4}-\d\d-\d\d \d\d:\d\d$/);
  });

  it("resets a lost password, printed once or read from stdin, and ends the account's sessions", async () => {
    await admin("user", "create", "--email", "lost@test.local", "--password", "forgotten1", "--role", "operator");
    const { stdout } = await admin("user", "reset-password", "--email", "LOST@test.local");
    expect(stdout).toContain("New password for lost@test.local (shown once; its sessions have ended):");
    const generated = stdout.trim().split("\n").at(-1)!;
    expect(generated).toMatch(/^[\w-]{16}$/);
    expect(await verifyLogin({ email: "lost@test.local", password: "forgotten1" }, "127.0.0.2")).toBeNull();
    expect(await verifyLogin({ email: "lost@test.local", password: generated }, "127.0.0.2")).toBeTruthy();
    const ended = getUserByEmail("lost@test.local")!.sessionsValidAfter;
    expect(ended).toBeGreaterThan(0);

    const piped = await adminWithInput("chosen-by-me 42\n", "user", "reset-password", "--email", "lost@test.local", "--password-stdin");
    expect(piped.stdout).toContain("The password of lost@test.local has been changed; its sessions have ended.");
    expect(piped.stdout).not.toContain("chosen-by-me");
    expect(await verifyLogin({ email: "lost@test.local", password: "chosen-by-me 42" }, "127.0.0.2")).toBeTruthy();
    expect(getUserByEmail("lost@test.local")!.sessionsValidAfter).toBeGreaterThanOrEqual(ended);

    const weak = await adminWithInput("short\n", "user", "reset-password", "--email", "lost@test.local", "--password-stdin");
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain("The password needs at least 8 characters.");
    expect(await verifyLogin({ email: "lost@test.local", password: "chosen-by-me 42" }, "127.0.0.2")).toBeTruthy();
  });

  it("explains bad input and exits with status 2", async () => {
    const failures = [
      [["user", "create", "--email", "x", "--password", "short", "--role", "isv"], "This is not a valid email address."],
      [["user", "create", "--email", "a@b.io", "--password", "password123", "--role", "king"], "unknown role king"],
      [["apikey", "create", "--email", "nobody@test.local", "--name", "n"], "no account with the email nobody@test.local"],
      [["user", "roles", "--email", "nobody@test.local", "--role", "isv"], "no account with the email nobody@test.local"],
      [["user", "roles", "--email", "cli@test.local", "--role", "king"], "unknown role king"],
      [["user", "roles", "--email", "cli@test.local"], "Choose what you sign up as."],
      [["user", "set-roles", "--email", "nobody@test.local", "--role", "isv"], "no account with the email nobody@test.local"],
      [["user", "reset-password", "--email", "nobody@test.local"], "no account with the email nobody@test.local"],
      [["user", "reset-password"], "no account with the email (missing --email)"],
      [["user", "reset-password", "--email", "cli@test.local", "--password", "password456"], "use --password-stdin"],
      [["frobnicate"], 'unknown command "frobnicate"'],
    ] as const;
    for (const [args, message] of failures) {
      const error = await admin(...args).then(() => null, (e) => e);
      expect(error?.code, args.join(" ")).toBe(2);
      expect(error.stderr).toContain(message);
    }
  });
}, 60_000);
