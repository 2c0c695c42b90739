import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { getDb } from "@/db";
import { registryPullTokens } from "@/db/schema";
import { registryTokenTtlMs } from "@/lib/env";

const TOKEN_PREFIX = "scp_";

// 256 random bits: a plain sha256 is a safe lookup hash, as for API keys.
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The user name a deployment's pull token goes with (docker login / image pull secret). */
export const pullUsername = (deploymentId: string) => `deployment-${deploymentId}`;

export type PullGrant = { deploymentId: string; versionIds: Set<string> };

/**
 * Issues a read-only token that pulls the given image versions for one deployment until it
 * expires (REGISTRY_TOKEN_TTL_SECONDS) or the deployment is uninstalled. Returned in clear once.
 */
export function issuePullToken(deploymentId: string, versionIds: string[], now = new Date()) {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + registryTokenTtlMs());
  const db = getDb();
  // Expired tokens can never authenticate again; they are dropped as new ones are issued.
  db.delete(registryPullTokens).where(lt(registryPullTokens.expiresAt, now)).run();
  db.insert(registryPullTokens)
    .values({ id: randomUUID(), deploymentId, hash: hashToken(token), versionIds: [...new Set(versionIds)], expiresAt })
    .run();
  return { username: pullUsername(deploymentId), password: token, expiresAt };
}

/** What a token may pull, or null for an unknown, expired or revoked one (or another deployment's user name). */
export function authenticatePullToken(token: string, username: string | null, now = new Date()): PullGrant | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = getDb()
    .select()
    .from(registryPullTokens)
    .where(and(eq(registryPullTokens.hash, hashToken(token)), isNull(registryPullTokens.revokedAt), gt(registryPullTokens.expiresAt, now)))
    .get();
  if (!row || (username !== null && username !== pullUsername(row.deploymentId))) return null;
  return { deploymentId: row.deploymentId, versionIds: new Set(row.versionIds) };
}

/** Revokes every token of a deployment (on uninstall, and after a failed install's rollback). */
export function revokePullTokens(deploymentId: string, now = new Date()): void {
  getDb()
    .update(registryPullTokens)
    .set({ revokedAt: now })
    .where(and(eq(registryPullTokens.deploymentId, deploymentId), isNull(registryPullTokens.revokedAt)))
    .run();
}
