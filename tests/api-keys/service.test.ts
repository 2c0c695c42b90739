import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { apiKeys } from "@/db/schema";
import { listApiKeys } from "@/lib/api-keys/queries";
import { authenticateApiKey, createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { makeUser } from "../support/users";

describe("API keys", () => {
  it("returns the key once and stores only its hash", async () => {
    const user = await makeUser(["buyer"]);
    const created = createApiKey(user, { name: "  app server  " });
    expect(created.key).toMatch(/^sc_[A-Za-z0-9_-]{43}$/);
    expect(created.name).toBe("app server");
    const row = getDb().select().from(apiKeys).all().find((k) => k.id === created.id)!;
    expect(row.hash).toHaveLength(64);
    expect(JSON.stringify(row)).not.toContain(created.key);
    const listed = listApiKeys(user.id);
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: "app server", prefix: created.key.slice(0, 11) })]);
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(11));
  });

  it("authenticates the owner until the key is revoked", async () => {
    const user = await makeUser();
    const { id, key } = createApiKey(user, { name: "ci" });
    expect(authenticateApiKey(key)?.id).toBe(user.id);
    expect(authenticateApiKey(key + "x")).toBeNull();
    expect(authenticateApiKey("not-a-key")).toBeNull();
    revokeApiKey(user, id);
    expect(authenticateApiKey(key)).toBeNull();
    expect(listApiKeys(user.id)).toEqual([]);
    expect(() => revokeApiKey(user, id)).toThrow(NotFoundError);
  });

  it("lets nobody revoke another account's key", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const { id, key } = createApiKey(owner, { name: "mine" });
    expect(() => revokeApiKey(other, id)).toThrow(NotFoundError);
    expect(authenticateApiKey(key)?.id).toBe(owner.id);
  });

  it("records last use at most once a minute", async () => {
    const user = await makeUser();
    const { id, key } = createApiKey(user, { name: "usage" });
    const lastUsed = () => listApiKeys(user.id).find((k) => k.id === id)!.lastUsedAt?.getTime();
    const t0 = new Date("2026-01-01T00:00:00Z");
    authenticateApiKey(key, t0);
    expect(lastUsed()).toBe(t0.getTime());
    authenticateApiKey(key, new Date(t0.getTime() + 30_000));
    expect(lastUsed()).toBe(t0.getTime());
    authenticateApiKey(key, new Date(t0.getTime() + 61_000));
    expect(lastUsed()).toBe(t0.getTime() + 61_000);
  });

  it("refuses an empty or too long name and stores nothing", async () => {
    const user = await makeUser();
    expect(() => createApiKey(user, { name: "   " })).toThrow(ValidationError);
    const error = (() => {
      try {
        createApiKey(user, { name: "x".repeat(65) });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error?.fieldErrors).toEqual({ name: ["nameTooLong"] });
    expect(listApiKeys(user.id)).toEqual([]);
  });
});
