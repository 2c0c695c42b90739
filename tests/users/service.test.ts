import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { verifyLogin } from "@/lib/auth/login";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { getUserByEmail } from "@/lib/users/queries";
import { createUser, resetPassword } from "@/lib/users/service";

describe("createUser", () => {
  it("stores a lowercased email, deduplicated roles and only a hash of the password", async () => {
    const user = await createUser({ email: "Mixed.Case@Example.COM", password: "password123", roles: ["isv", "buyer", "isv"] });
    expect(user.email).toBe("mixed.case@example.com");
    expect(user.roles).toEqual(["isv", "buyer"]);
    expect(user.passwordHash).not.toContain("password123");
    expect(getUserByEmail("MIXED.case@example.com")?.id).toBe(user.id);
  });

  it("refuses an email that exists, in any case, and stores nothing", async () => {
    await createUser({ email: "taken@example.com", password: "password123", roles: ["buyer"] });
    const before = getDb().select().from(users).all().length;
    await expect(createUser({ email: "TAKEN@example.com", password: "password456", roles: ["isv"] })).rejects.toMatchObject(
      { constructor: ConflictError, fieldErrors: { email: ["emailTaken"] } },
    );
    expect(getDb().select().from(users).all()).toHaveLength(before);
  });

  it("names each invalid field with a message key", async () => {
    const error = await createUser({ email: "not-an-email", password: "short", roles: [] }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toEqual({
      email: ["emailInvalid"],
      password: ["passwordTooShort"],
      roles: ["roleRequired"],
    });
    expect(getUserByEmail("not-an-email")).toBeUndefined();
  });
});

describe("resetPassword", () => {
  it("sets a new password by the sign-up rules and ends the account's sessions", async () => {
    const user = await createUser({ email: "reset@example.com", password: "password123", roles: ["operator"] });
    await expect(resetPassword(user.id, "short", 1000)).rejects.toMatchObject({ constructor: ValidationError, fieldErrors: { password: ["passwordTooShort"] } });
    await expect(resetPassword(user.id, "x".repeat(129), 1000)).rejects.toMatchObject({ fieldErrors: { password: ["passwordTooLong"] } });
    expect(getUserByEmail("reset@example.com")?.passwordHash).toBe(user.passwordHash);
    expect(getUserByEmail("reset@example.com")?.sessionsValidAfter).toBe(0);

    const changed = await resetPassword(user.id, "a new password", 2000);
    expect(changed.sessionsValidAfter).toBe(2000);
    expect(await verifyLogin({ email: "reset@example.com", password: "password123" }, "127.0.0.9")).toBeNull();
    expect((await verifyLogin({ email: "reset@example.com", password: "a new password" }, "127.0.0.9"))?.id).toBe(user.id);
    await expect(resetPassword("no-such-id", "a new password")).rejects.toBeInstanceOf(NotFoundError);
  });
});
