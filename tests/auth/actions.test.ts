import { CredentialsSignin } from "next-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { getUserByEmail } from "@/lib/users/queries";

// Auth.js needs a Next request; the actions' own rules are what is tested here.
const signIn = vi.hoisted(() => vi.fn());
vi.mock("@/lib/auth/config", () => ({ signIn, signOut: vi.fn(), auth: vi.fn(), handlers: {} }));
const { loginAction, signupAction } = await import("@/app/(auth)/actions");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

const count = () => getDb().select().from(users).all().length;

// Braced: a function returned from beforeEach would run as its teardown, and signIn may throw.
beforeEach(() => {
  signIn.mockReset();
});

describe("signupAction", () => {
  it("creates the account and signs it in, landing ISVs in the console", async () => {
    const result = await signupAction(null, form({ email: "new.isv@test.local", password: "password123", role: "isv" }));
    expect(result).toEqual({ ok: true });
    expect(getUserByEmail("new.isv@test.local")?.roles).toEqual(["isv"]);
    expect(signIn).toHaveBeenCalledWith("credentials", {
      email: "new.isv@test.local",
      password: "password123",
      redirectTo: "/console/images",
    });
  });

  it.each([
    [{ email: "bad-email", password: "password123", role: "buyer" }, { email: ["emailInvalid"] }],
    [{ email: "short@test.local", password: "1234567", role: "buyer" }, { password: ["passwordTooShort"] }],
    [{ email: "norole@test.local", password: "password123" }, { role: ["roleRequired"] }],
    [{ email: "operator@test.local", password: "password123", role: "operator" }, { role: ["roleRequired"] }],
    [{ email: "", password: "", role: "" }, { email: ["emailRequired"], password: ["passwordTooShort"], role: ["roleRequired"] }],
  ])("refuses %o with field errors, keeps the typed values but not the password, stores nothing", async (fields, errors) => {
    const before = count();
    const result = await signupAction(null, form(fields));
    expect(result).toMatchObject({ ok: false, message: "invalidInput", fieldErrors: errors });
    expect(result.ok === false && result.values).toEqual(
      Object.fromEntries(Object.entries(fields).filter(([k]) => k !== "password")),
    );
    expect(count()).toBe(before);
    expect(signIn).not.toHaveBeenCalled();
  });

  it("refuses an email that is taken", async () => {
    await signupAction(null, form({ email: "twice@test.local", password: "password123", role: "buyer" }));
    const before = count();
    const result = await signupAction(null, form({ email: "Twice@test.local", password: "password123", role: "isv" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { email: ["emailTaken"] }, values: { email: "Twice@test.local" } });
    expect(count()).toBe(before);
  });
});

describe("loginAction", () => {
  it("signs in and follows a same-site callback only", async () => {
    expect(await loginAction(null, form({ email: "a@test.local", password: "pw", callbackUrl: "/console/images" }))).toEqual({ ok: true });
    expect(signIn).toHaveBeenLastCalledWith("credentials", { email: "a@test.local", password: "pw", redirectTo: "/console/images" });
    await loginAction(null, form({ email: "a@test.local", password: "pw", callbackUrl: "//evil.example" }));
    expect(signIn).toHaveBeenLastCalledWith("credentials", { email: "a@test.local", password: "pw", redirectTo: "/" });
  });

  it("answers any refused login alike, keeping the email but not the password", async () => {
    signIn.mockRejectedValue(new CredentialsSignin());
    expect(await loginAction(null, form({ email: "a@test.local", password: "wrong" }))).toEqual({ ok: false, message: "invalidCredentials", values: { email: "a@test.local" } });
    expect(await loginAction(null, form({}))).toEqual({ ok: false, message: "invalidCredentials", values: {} });
    signIn.mockRejectedValue(Object.assign(new CredentialsSignin(), { code: "tooManyLogins" }));
    expect(await loginAction(null, form({ email: "a@test.local", password: "pw" }))).toMatchObject({ ok: false, message: "tooManyLogins" });
  });

  it("lets signIn's redirect through", async () => {
    signIn.mockRejectedValue(Object.assign(new Error("NEXT_REDIRECT /"), { digest: "NEXT_REDIRECT;/" }));
    await expect(loginAction(null, form({ email: "a@test.local", password: "pw" }))).rejects.toThrow("NEXT_REDIRECT /");
  });
});
