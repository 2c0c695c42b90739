import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { deploymentTargets, type DeploymentTarget } from "@/db/schema";

/** A target serving every location, replacing the ones that exist. */
export function activateTarget(provider: DeploymentTarget["provider"], settings: Record<string, unknown>): DeploymentTarget {
  const db = getDb();
  db.update(deploymentTargets).set({ enabled: false }).run();
  return db
    .insert(deploymentTargets)
    .values({ id: randomUUID(), name: `t-${randomUUID()}`, locations: ["cloud", "edge", "private"], provider, settings })
    .returning()
    .get();
}
