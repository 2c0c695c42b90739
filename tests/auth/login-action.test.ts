import { CredentialsSignin } from "next-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";

// Auth.js needs a Next request; what the action makes of signIn's answers is tested here.
const signIn = vi.hoisted(() => vi.fn());
vi.mock("@/lib/auth/config", () => ({ signIn, signOut: vi.fn(), auth: vi.fn(), handlers: {} }));
const { loginAction } = await import("@/app/(auth)/actions");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

describe("loginAction", () => {
  // Braced: a function returned from beforeEach would run as its teardown, and this mock throws.
  beforeEach(() => {
    signIn.mockReset();
  });

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
