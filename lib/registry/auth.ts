import "server-only";
import { authenticateApiKey } from "@/lib/api-keys/service";
import { log, setRequestUser } from "@/lib/log/logger.mjs";
import { authenticatePullToken, type PullGrant } from "./tokens";

/** Who pulls: an account with an API key (its own images), or a deployment's pull token (its versions). */
export type Puller = { kind: "user"; userId: string } | { kind: "token"; grant: PullGrant };

function bySecret(secret: string, username: string | null): Puller | null {
  if (secret.startsWith("scp_")) {
    const grant = authenticatePullToken(secret, username);
    return grant && { kind: "token", grant };
  }
  const user = authenticateApiKey(secret);
  // docker login sends the email as the user name; the handle is accepted as well.
  if (!user || (username !== null && username.toLowerCase() !== user.email && username !== user.handle)) return null;
  return { kind: "user", userId: user.id };
}

/**
 * The puller an `Authorization` header names: `Basic` (email + API key, or the pull token's user
 * name + token; what `docker login` and image pull secrets send) or `Bearer` (a key or token).
 */
export function authenticatePuller(authorization: string | null): Puller | null {
  const presented = presentedSecret(authorization);
  const puller = presented && bySecret(presented.secret, presented.username);
  if (puller) setRequestUser(puller.kind === "user" ? puller.userId : `deployment:${puller.grant.deploymentId}`);
  // No credentials at all is how every docker client starts (it then retries with them): not a rejection.
  else if (authorization) log.warn({ event: "registry.auth.rejected", scheme: authorization.trim().split(/\s+/, 1)[0] }, "registry credentials rejected");
  return puller;
}

/** The key or token an `Authorization` header carries (Basic or Bearer), and the Basic user name. */
export function presentedSecret(authorization: string | null): { secret: string; username: string | null } | null {
  if (!authorization) return null;
  const [scheme, value] = authorization.trim().split(/\s+/, 2);
  if (!value) return null;
  if (scheme!.toLowerCase() === "bearer") return { secret: value, username: null };
  if (scheme!.toLowerCase() !== "basic") return null;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 1) return null;
  return { secret: decoded.slice(colon + 1), username: decoded.slice(0, colon) };
}
