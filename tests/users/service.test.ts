import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { ConflictError, ValidationError } from "@/lib/errors";
import { getUserByEmail } from "@/lib/users/queries";
import { createUser } from "@/lib/users/service";

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
