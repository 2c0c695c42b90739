import "server-only";
import { sql } from "drizzle-orm";
import { resealLegacySecrets } from "@/lib/reseal";
import { ensureLocalTarget } from "@/lib/deploy/service";
import { seedDemoEnabled } from "@/lib/env";
import { log } from "@/lib/log/logger.mjs";
import { generatedPassword } from "@/lib/secrets/password";
import { countUsers } from "@/lib/users/queries";
import { createUser } from "@/lib/users/service";
import { getDb } from "./index";
import { migrateDb } from "./migrate";
import { users } from "./schema";

/** An account the first start created, with its generated password (null: set by OPERATOR_PASSWORD). */
export type CreatedAccount = { role: "operator" | "isv" | "buyer"; email: string; password: string | null };

/**
 * What a start created, for the welcome the server prints once it listens (lib/cli/welcome.mjs):
 * the accounts, and why deployments are simulated when the local target became the sandbox.
 */
export type Bootstrapped = { accounts: CreatedAccount[]; sandboxReason: string | null };

/**
 * Server start: migrate, make sure an operator exists, and on the very first start (no accounts
 * at all) create the demo ISV and buyer unless SEED_DEMO=false; make sure a deployment target
 * exists. Generated passwords are returned, to be printed once by the server, and kept nowhere.
 */
export async function bootstrap(): Promise<Bootstrapped> {
  migrateDb();
  // A data migration in code (SQLite cannot call Node's crypto): values sealed the v1 way get a
  // key per purpose and their record bound. Finds nothing once done.
  const resealed = resealLegacySecrets();
  if (resealed) log.info({ resealed }, `re-sealed ${resealed} stored secrets with a key per purpose (v2)`);
  const firstStart = countUsers() === 0;
  const accounts: CreatedAccount[] = [];

  const hasOperator = getDb()
    .select({ id: users.id })
    .from(users)
    .where(sql`exists (select 1 from json_each(${users.roles}) where value = 'operator')`)
    .get();
  if (!hasOperator) {
    const email = process.env.OPERATOR_EMAIL || "operator@stagecraft.local";
    const password = process.env.OPERATOR_PASSWORD || generatedPassword();
    const operator = await createUser({ email, password, roles: ["operator"] });
    accounts.push({ role: "operator", email: operator.email, password: process.env.OPERATOR_PASSWORD ? null : password });
  }

  if (firstStart && seedDemoEnabled()) {
    for (const [email, role] of [["isv@demo.local", "isv"], ["buyer@demo.local", "buyer"]] as const) {
      const password = generatedPassword();
      await createUser({ email, password, roles: [role] });
      accounts.push({ role, email, password });
    }
  }
  const sandboxReason = await ensureLocalTarget();
  return { accounts, sandboxReason };
}
