import { describe, expect, it } from "vitest";
import { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS, verifyLogin } from "@/lib/auth/login";
import { RateLimitedError } from "@/lib/errors";
import { makeUser } from "../support/users";

describe("verifyLogin", () => {
  it("returns the account for the right password, case-insensitively on the email", async () => {
    const user = await makeUser(["buyer"]);
    const found = await verifyLogin({ email: ` ${user.email.toUpperCase()} `, password: "password123" }, "10.0.0.1");
    expect(found?.id).toBe(user.id);
  });

  it("returns null alike for a wrong password, an unknown email and junk input", async () => {
    const user = await makeUser();
    expect(await verifyLogin({ email: user.email, password: "wrong-password" }, "10.0.0.2")).toBeNull();
    expect(await verifyLogin({ email: "nobody@test.local", password: "password123" }, "10.0.0.2")).toBeNull();
    expect(await verifyLogin({ email: 42, password: undefined }, "10.0.0.2")).toBeNull();
  });

  it("locks an account after 10 failures, even against the right password, until the window passes", async () => {
    const user = await makeUser();
    const start = Date.now();
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      // A different address each time: the account limit alone must trip.
      expect(await verifyLogin({ email: user.email, password: "nope" }, `10.1.0.${i}`, start)).toBeNull();
    }
    await expect(verifyLogin({ email: user.email, password: "password123" }, "10.2.0.1", start)).rejects.toThrow(
      RateLimitedError,
    );
    const later = start + LOGIN_WINDOW_MS + 1;
    expect((await verifyLogin({ email: user.email, password: "password123" }, "10.2.0.1", later))?.id).toBe(user.id);
  });

  it("limits one address trying many accounts", async () => {
    const victim = await makeUser();
    const now = Date.now();
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      await verifyLogin({ email: `guess${i}@test.local`, password: "nope" }, "10.3.0.1", now);
    }
    await expect(verifyLogin({ email: victim.email, password: "password123" }, "10.3.0.1", now)).rejects.toThrow(
      RateLimitedError,
    );
    // Another address is not affected.
    expect((await verifyLogin({ email: victim.email, password: "password123" }, "10.3.0.2", now))?.id).toBe(victim.id);
  });

  it("forgets an account's failures after a successful login", async () => {
    const user = await makeUser();
    const now = Date.now();
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) {
      await verifyLogin({ email: user.email, password: "nope" }, `10.4.0.${i}`, now);
    }
    expect(await verifyLogin({ email: user.email, password: "password123" }, "10.4.1.1", now)).not.toBeNull();
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) {
      await verifyLogin({ email: user.email, password: "nope" }, `10.4.2.${i}`, now);
    }
    expect(await verifyLogin({ email: user.email, password: "password123" }, "10.4.3.1", now)).not.toBeNull();
  });
});
