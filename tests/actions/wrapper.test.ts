import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { getDb } from "@/db";
import { products, type User } from "@/db/schema";
import { action, formAction, redirectTo } from "@/lib/action";
import { assertRole } from "@/lib/auth/roles";
import { createProductSchema } from "@/lib/devices/schema";
import { createProduct } from "@/lib/devices/service";
import { ConflictError } from "@/lib/errors";
import { makeUser } from "../support/users";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/lib/auth/config", () => ({ auth, signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));

const signIn = (user: User | null) => auth.mockResolvedValue(user ? { user: { id: user.id } } : null);
function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(key, v);
  return data;
}
const productNames = () => getDb().select().from(products).all().map((p) => p.name);
const productFields = { name: "meters", protocol: "MQTT", deviceType: "meter", manufacturer: "acme" };

// A real service behind a spy, so a test sees both whether it ran and what it stored.
const run = vi.fn((user: User, input: z.output<typeof createProductSchema>) => ({ id: createProduct(user, input).id }));
const createProductAction = formAction({ role: "buyer", schema: createProductSchema, secret: ["manufacturer"] }, run);

beforeEach(() => {
  auth.mockReset();
  run.mockClear();
});

describe("the action wrapper", () => {
  it("sends anonymous callers to the login page and refuses other roles with 403, calling nothing", async () => {
    signIn(null);
    await expect(createProductAction(null, form(productFields))).rejects.toThrow("NEXT_REDIRECT /login");
    signIn(await makeUser(["isv", "operator"]));
    await expect(createProductAction(null, form(productFields))).rejects.toThrow("NEXT_FORBIDDEN");
    expect(run).not.toHaveBeenCalled();
    expect(productNames()).not.toContain("meters");
  });

  it("answers bad input with the schema's field errors and the values minus secrets, calling nothing", async () => {
    signIn(await makeUser(["buyer"]));
    const before = productNames();
    const result = await createProductAction(null, form({ ...productFields, name: "", protocol: "Zigbee" }));
    expect(result).toEqual({
      ok: false,
      message: "invalidInput",
      fieldErrors: { name: ["productNameRequired"], protocol: ["protocolInvalid"] },
      values: { name: "", protocol: "Zigbee", deviceType: "meter" },
    });
    expect(run).not.toHaveBeenCalled();
    expect(productNames()).toEqual(before);
  });

  it("runs the service for a valid form and returns its data", async () => {
    const buyer = await makeUser(["buyer"]);
    signIn(buyer);
    const result = await createProductAction(null, form({ ...productFields, name: "valves" }));
    const [stored] = getDb().select().from(products).all().filter((p) => p.name === "valves");
    expect(result).toEqual({ ok: true, data: { id: stored.id } });
    expect(stored.ownerId).toBe(buyer.id);
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ id: buyer.id }), { ...productFields, name: "valves" });
  });

  it("turns an AppError into its message key, with its params and the form's values", async () => {
    signIn(await makeUser(["operator"]));
    const taken = formAction({ role: "operator", schema: z.object({ name: z.string() }) }, () => {
      throw new ConflictError("industryExists", { name: ["industryExists"] }, { name: "x" });
    });
    expect(await taken(null, form({ name: "x" }))).toEqual({
      ok: false,
      message: "industryExists",
      fieldErrors: { name: ["industryExists"] },
      params: { name: "x" },
      values: { name: "x" },
    });
  });

  it("rethrows anything else to the error boundary", async () => {
    signIn(await makeUser(["isv"]));
    const broken = action({ role: "isv", args: ["id"] }, () => {
      throw new TypeError("disk on fire");
    });
    await expect(broken("a")).rejects.toThrow(TypeError);
  });

  it("answers a body that returns nothing with { ok: true } alone", async () => {
    signIn(await makeUser(["isv"]));
    const done = action({ role: "isv", args: ["id"] }, () => undefined);
    expect(await done("a")).toStrictEqual({ ok: true });
  });

  it("redirects only after success, and a service's refusal still comes back as a result", async () => {
    signIn(await makeUser(["buyer"]));
    const leave = action({ role: "signedIn", args: ["to"] }, (user, { to }) => {
      assertRole(user, "isv");
      return redirectTo(to);
    });
    expect(await leave("/elsewhere")).toEqual({ ok: false, message: "isvOnly" });
    signIn(await makeUser(["isv"]));
    await expect(leave("/elsewhere")).rejects.toThrow("NEXT_REDIRECT /elsewhere");
  });

  it("names the arguments; those the schema does not declare must be strings", async () => {
    signIn(await makeUser(["isv"]));
    const echo = action({ role: "isv", args: ["appId", "count"], schema: z.object({ count: z.number() }) }, (_, input) => input);
    expect(await echo("app-1", 3)).toEqual({ ok: true, data: { appId: "app-1", count: 3 } });
    const untyped = echo as unknown as (...args: unknown[]) => ReturnType<typeof echo>;
    expect(await untyped(42, 3)).toEqual({ ok: false, message: "invalidInput", fieldErrors: { appId: ["invalidInput"] } });
  });

  it("reads repeated form fields as lists, files a list item's error under the list, and echoes no list", async () => {
    signIn(await makeUser(["operator"]));
    const schema = z.object({ note: z.string(), tags: z.array(z.string().max(3, "tagTooLong")).min(1, "tagsRequired") });
    const tag = formAction({ role: "operator", args: ["id"], schema, lists: ["tags"] }, (_, input) => input);
    expect(await tag("t-1", null, form({ note: "n", tags: ["a"] }))).toEqual({ ok: true, data: { id: "t-1", note: "n", tags: ["a"] } });
    expect(await tag("t-1", null, form({ note: "n", tags: ["a", "b"], id: "forged" }))).toMatchObject({ data: { id: "t-1", tags: ["a", "b"] } });
    expect(await tag("t-1", null, form({ note: "n" }))).toMatchObject({ ok: false, fieldErrors: { tags: ["tagsRequired"] } });
    expect(await tag("t-1", null, form({ note: "n", tags: ["long1", "ok", "long2"] }))).toEqual({
      ok: false,
      message: "invalidInput",
      fieldErrors: { tags: ["tagTooLong"] },
      values: { note: "n" },
    });
  });

  it("lets anyone call an open action, without reading the session", async () => {
    const open = formAction({ role: "anyone", schema: z.object({ q: z.string() }) }, (user, { q }) => ({ user, q }));
    expect(await open(null, form({ q: "hi" }))).toEqual({ ok: true, data: { user: null, q: "hi" } });
    expect(auth).not.toHaveBeenCalled();
  });
});
