import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authSecret } from "@/lib/auth/secret";
import { makeUser } from "../support/users";

// The real Auth.js configuration, fed the request's headers the way Next feeds them.
const request = { headers: new Headers(), set: vi.fn() };
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: request.set, delete: vi.fn() }),
}));

const { GET: me } = await import("@/app/api/v1/me/route");
const { logoutAction } = await import("@/app/actions");
const { getCurrentUser, requireUser } = await import("@/lib/auth/guards");
const { endSessions, setUserRoles } = await import("@/lib/users/service");

const salt = "authjs.session-token";
const sessionCookie = async (sub: string, signedInAt: number) =>
  `${salt}=${await encode({ token: { sub, signedInAt }, secret: authSecret(), salt })}`;

/** The same request the browser would send: /api/v1/me and a page guard, with this cookie. */
async function useCookie(cookie: string) {
  request.headers = new Headers({ cookie, host: "localhost", "x-forwarded-proto": "http" });
  const api = await me(new Request("http://localhost/api/v1/me", { headers: { cookie } }), undefined);
  const page = await requireUser("/console").then(
    (user) => user.id,
    (error: Error) => error.message,
  );
  return { api: api.status, page };
}

afterEach(() => vi.useRealTimers());

describe("sessions that end", () => {
  it("refuses the old cookie after the real sign-out action, on the API and on a page", async () => {
    const user = await makeUser(["isv"]);
    const cookie = await sessionCookie(user.id, Date.now() - 1000);
    expect(await useCookie(cookie)).toEqual({ api: 200, page: user.id });

    await expect(logoutAction()).rejects.toThrow(/NEXT_REDIRECT/);
    expect(await useCookie(cookie)).toEqual({ api: 401, page: "NEXT_REDIRECT /login?callbackUrl=%2Fconsole" });
  });

  it("ends the sessions of an account whose roles change, and takes the new roles", async () => {
    const user = await makeUser(["isv"]);
    const cookie = await sessionCookie(user.id, Date.now() - 1000);
    expect((await useCookie(cookie)).api).toBe(200);

    expect(setUserRoles(user.id, ["buyer"]).roles).toEqual(["buyer"]);
    expect(await useCookie(cookie)).toEqual({ api: 401, page: "NEXT_REDIRECT /login?callbackUrl=%2Fconsole" });
  });

  it("accepts a session signed in after the stamp, and not a cookie without its sign-in time", async () => {
    const user = await makeUser(["buyer"]);
    endSessions(user.id, 1_000_000);
    expect(await useCookie(await sessionCookie(user.id, 1_000_001))).toEqual({ api: 200, page: user.id });
    expect((await useCookie(await sessionCookie(user.id, 999_999))).api).toBe(401);
    const bare = `${salt}=${await encode({ token: { sub: user.id }, secret: authSecret(), salt })}`;
    expect((await useCookie(bare)).api).toBe(401);
  });

  it("refuses a token once it expires, though it was read before (decoded tokens are kept until then)", async () => {
    const user = await makeUser(["buyer"]);
    const cookie = `${salt}=${await encode({ token: { sub: user.id, signedInAt: Date.now() - 1000 }, secret: authSecret(), salt, maxAge: 60 })}`;
    expect(await useCookie(cookie)).toEqual({ api: 200, page: user.id });
    // Auth.js allows 15 s of clock skew past `exp`.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 80_000 });
    expect(await useCookie(cookie)).toEqual({ api: 401, page: "NEXT_REDIRECT /login?callbackUrl=%2Fconsole" });
  });

  it("leaves other accounts' sessions alone", async () => {
    const [leaving, staying] = await Promise.all([makeUser(["isv"]), makeUser(["isv"])]);
    const stayingCookie = await sessionCookie(staying.id, Date.now() - 1000);
    endSessions(leaving.id);
    expect(await useCookie(stayingCookie)).toEqual({ api: 200, page: staying.id });
  });

  it("refuses bad role changes and unknown accounts, changing nothing", async () => {
    const user = await makeUser(["isv"]);
    expect(() => setUserRoles(user.id, [])).toThrow(/invalidInput/);
    expect(() => setUserRoles(user.id, ["root" as "isv"])).toThrow(/invalidInput/);
    expect(() => setUserRoles("no-such-user", ["buyer"])).toThrow(/userNotFound/);
    const cookie = await sessionCookie(user.id, Date.now() - 1000);
    expect((await useCookie(cookie)).api).toBe(200);
    expect((await getCurrentUser())?.roles).toEqual(["isv"]);
  });
});
