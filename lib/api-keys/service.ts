import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { getDb, preparedQuery } from "@/db";
import { apiKeys, users, type User } from "@/db/schema";
import { NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { createApiKeySchema, type CreateApiKeyInput } from "./schema";

const KEY_PREFIX = "sc_";
const SHOWN_PREFIX_LENGTH = 11;
/** Writing last-used on every request would turn reads into writes; once a minute is enough. */
const LAST_USED_GRANULARITY_MS = 60_000;

// A key carries 256 random bits, so a plain sha256 is a safe, fast lookup hash (no salt or
// stretching needed, unlike passwords).
function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Creates a key for the user and returns it in clear: the only time it is ever seen. */
export function createApiKey(user: Pick<User, "id">, input: CreateApiKeyInput) {
  const parsed = createApiKeySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalidInput", zodFieldErrors(parsed.error));
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const row = getDb()
    .insert(apiKeys)
    .values({
      id: randomUUID(),
      userId: user.id,
      name: parsed.data.name,
      prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
      hash: hashKey(key),
    })
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix })
    .get();
  return { ...row, key };
}

/** Revokes one of the user's own keys; another account's key is "not found", never "forbidden". */
export function revokeApiKey(user: Pick<User, "id">, keyId: string): void {
  const result = getDb()
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, user.id), isNull(apiKeys.revokedAt)))
    .run();
  if (result.changes === 0) throw new NotFoundError("apiKeyNotFound");
}

/** The account a key belongs to, or null for an unknown or revoked key. */
/** Every keyed request looks its key up: prepared once. */
const keyByHash = preparedQuery((db) =>
  db
    .select({ user: users, keyId: apiKeys.id })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.hash, sql.placeholder("hash")), isNull(apiKeys.revokedAt)))
    .prepare(),
);

export function authenticateApiKey(key: string, now = new Date()): User | null {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const db = getDb();
  const row = keyByHash().get({ hash: hashKey(key) });
  if (!row) return null;
  const stale = new Date(now.getTime() - LAST_USED_GRANULARITY_MS);
  db.update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, row.keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))))
    .run();
  return row.user;
}
