import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { myApps, type MyApp } from "@/db/schema";
import { openSecret, sealSecret } from "@/lib/secrets/seal";
import { publicUrl } from "@/lib/env";

// App keys: what a buyer's app authenticates with to read its bound devices. This module only
// touches the database, so that the deployment engine can use it without importing the services.

const APP_KEY_PREFIX = "sca_";
// 256 random bits: a plain sha256 is a safe lookup hash, as for API keys.
const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/**
 * Makes (or replaces) the app's key and returns it. `shown`: the buyer sees it now (a reset);
 * otherwise (the engine made it at deploy) the buyer may have it shown once later.
 */
export function storeNewKey(appId: string, shown: boolean): string {
  const key = APP_KEY_PREFIX + randomBytes(32).toString("base64url");
  const at = new Date();
  getDb()
    .update(myApps)
    .set({ appKeyHash: hashKey(key), appKeyEnc: sealSecret("app-key", appId, key), appKeyCreatedAt: at, appKeyShownAt: shown ? at : null })
    .where(eq(myApps.id, appId))
    .run();
  return key;
}

/** The active app an app key belongs to, or null for anything else (unknown, replaced, expired). */
export function appForKey(key: string | null | undefined): MyApp | null {
  if (!key?.startsWith(APP_KEY_PREFIX)) return null;
  const app = getDb().select().from(myApps).where(eq(myApps.appKeyHash, hashKey(key))).get();
  return app?.status === "active" ? app : null;
}

/**
 * What the engine passes to an app's workloads so that they can read their devices: the API's
 * address, the app's id and its key (made now if the buyer has not made one). Empty for
 * deployments that are no buyer's app (deploy tests, experience instances).
 */
export function workloadEnvironment(deploymentId: string): Record<string, string> {
  const app = getDb().select().from(myApps).where(eq(myApps.deploymentId, deploymentId)).get();
  if (!app || app.status !== "active") return {};
  const key = app.appKeyEnc ? openSecret("app-key", app.id, app.appKeyEnc) : storeNewKey(app.id, false);
  return { STAGECRAFT_API_URL: `${publicUrl()}/api/v1`, STAGECRAFT_APP_ID: app.id, STAGECRAFT_APP_KEY: key };
}

