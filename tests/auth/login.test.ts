import { afterEach, describe, expect, it, vi } from "vitest";
import { ACCOUNT_MAX_FAILURES, ACCOUNT_WINDOW_MS, ADDRESS_MAX_FAILURES, LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS, verifyLogin } from "@/lib/auth/login";
import { makeUser } from "../support/users";

const wrong = (email: string, address: string) => verifyLogin({ email, password: "nope" }, address);
const right = (email: string, address: string) => verifyLogin({ email, password: "password123" }, address);
const refusal = (attempt: Promise<unknown>) => attempt.then(() => "let in", (error: Error) => error.message);

afterEach(() => vi.useRealTimers());

describe("verifyLogin", () => {
  it("returns the account for the right password, case-insensitively on the email", async () => {
    const user = await makeUser(["buyer"]);
    const found = await verifyLogin({ email: ` ${user.email.toUpperCase()} `, password: "password123" }, "10.0.0.1");
    expect(found?.id).toBe(user.id);
  });

  it("returns null alike for a wrong password, an unknown email and junk input", async () => {
    const user = await makeUser();
    expect(await wrong(user.email, "10.0.0.2")).toBeNull();
    expect(await right("nobody@test.local", "10.0.0.2")).toBeNull();
    expect(await verifyLogin({ email: 42, password: undefined }, "10.0.0.2")).toBeNull();
  });

  it("locks one address out of one account for 15 minutes, right password or not, and not the owner elsewhere", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const user = await makeUser();
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect(await wrong(user.email, "10.1.0.1")).toBeNull();
    expect(await refusal(right(user.email, "10.1.0.1"))).toBe("tooManyLogins");
    // The account itself is only slowed down for a minute; then its owner, from their own address,
    // gets in while the guesser's address stays locked out.
    expect(await refusal(right(user.email, "10.1.9.9"))).toBe("loginSlowedDown");
    vi.setSystemTime(Date.now() + ACCOUNT_WINDOW_MS + 1);
    expect((await right(user.email, "10.1.9.9"))?.id).toBe(user.id);
    vi.setSystemTime(Date.now() + LOGIN_WINDOW_MS - ACCOUNT_WINDOW_MS - 1000);
    expect(await refusal(right(user.email, "10.1.0.1"))).toBe("tooManyLogins");
    vi.setSystemTime(Date.now() + 2000);
    expect((await right(user.email, "10.1.0.1"))?.id).toBe(user.id);
  });

  it("only slows an account down, for a minute, when many addresses fail against it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const user = await makeUser();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) expect(await wrong(user.email, `10.2.0.${i}`)).toBeNull();
    // The owner, from an address that never failed: slowed down, not locked out for 15 minutes.
    expect(await refusal(right(user.email, "10.2.9.9"))).toBe("loginSlowedDown");
    expect(await refusal(wrong(user.email, "10.2.1.1"))).toBe("loginSlowedDown");
    vi.setSystemTime(Date.now() + ACCOUNT_WINDOW_MS + 1);
    expect((await right(user.email, "10.2.9.9"))?.id).toBe(user.id);
    // Another account is not slowed by it.
    const other = await makeUser();
    expect((await right(other.email, "10.2.0.1"))?.id).toBe(other.id);
  });

  it("limits one address trying many accounts, and not another address", async () => {
    const victim = await makeUser();
    for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) await wrong(`guess${i}@test.local`, "10.3.0.1");
    expect(await refusal(right(victim.email, "10.3.0.1"))).toBe("tooManyLogins");
    expect((await right(victim.email, "10.3.0.2"))?.id).toBe(victim.id);
  });

  it("forgets an address's failures against an account after it signs in", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const user = await makeUser();
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) await wrong(user.email, "10.4.0.1");
    expect(await right(user.email, "10.4.0.1")).not.toBeNull();
    vi.setSystemTime(Date.now() + ACCOUNT_WINDOW_MS + 1); // past the account's own short window
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) await wrong(user.email, "10.4.0.1");
    expect(await right(user.email, "10.4.0.1")).not.toBeNull();
  });
});
