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

/** Plain text on stdout, not a log line: an operator reads it once, and the container test matches it. */
function announce(lines: string[]): void {
  const rule = "=".repeat(72);
  console.log([rule, ...lines, "Shown this once; they are stored hashed and cannot be shown again.", rule].join("\n"));
}

/**
 * Server start: migrate, make sure an operator exists, and on the very first start (no accounts
 * at all) create the demo ISV and buyer unless SEED_DEMO=false; make sure a deployment target
 * exists. Generated passwords are printed
 * once, here, and nowhere else.
 */
export async function bootstrap(): Promise<void> {
  migrateDb();
  // A data migration in code (SQLite cannot call Node's crypto): values sealed the v1 way get a
  // key per purpose and their record bound. Finds nothing once done.
  const resealed = resealLegacySecrets();
  if (resealed) log.info({ resealed }, `re-sealed ${resealed} stored secrets with a key per purpose (v2)`);
  const firstStart = countUsers() === 0;
  const created: string[] = [];

  const hasOperator = getDb()
    .select({ id: users.id })
    .from(users)
    .where(sql`exists (select 1 from json_each(${users.roles}) where value = 'operator')`)
    .get();
  if (!hasOperator) {
    const email = process.env.OPERATOR_EMAIL || "operator@stagecraft.local";
    const password = process.env.OPERATOR_PASSWORD || generatedPassword();
    await createUser({ email, password, roles: ["operator"] });
    created.push(
      process.env.OPERATOR_PASSWORD
        ? `Operator account ${email} created with OPERATOR_PASSWORD.`
        : `Operator account: ${email}  password: ${password}`,
    );
  }

  if (firstStart && seedDemoEnabled()) {
    for (const [email, role] of [["isv@demo.local", "isv"], ["buyer@demo.local", "buyer"]] as const) {
      const password = generatedPassword();
      await createUser({ email, password, roles: [role] });
      created.push(`Demo ${role} account: ${email}  password: ${password}`);
    }
  }
  if (created.length) announce(created);
  await ensureLocalTarget();
}
