// Self-hosting admin command, run with `npm run admin -- <command>`. It opens the same DATA_DIR as
// the server (WAL + busy timeout make that safe while the server runs) and migrates it first.
import { parseArgs } from "node:util";
import { closeDb } from "@/db";
import { migrateDb } from "@/db/migrate";
import { ROLES, type Role } from "@/db/schema/users";
import { createApiKey } from "@/lib/api-keys/service";
import { rotateMasterKey } from "@/lib/reseal";
import { AppError } from "@/lib/errors";
import en from "@/lib/i18n/messages/en.json";
import { getUserByEmail } from "@/lib/users/queries";
import { createUser, setUserRoles } from "@/lib/users/service";

const USAGE = `Usage:
  npm run admin -- user create --email E --password P --role isv|buyer|operator [--role ...]
  npm run admin -- user roles --email E --role isv|buyer|operator [--role ...]   (ends its sessions)
  npm run admin -- apikey create --email E --name N     (prints the key once)
  npm run admin -- rotate-master-key [--key K]          (stop the server first; re-seals every stored secret)`;

const MESSAGES: Record<string, string> = en.errors;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      role: { type: "string", multiple: true },
      name: { type: "string" },
      key: { type: "string" },
    },
  });
  const command = positionals.join(" ");
  migrateDb();

  if (command === "user create") {
    const user = await createUser({ email: values.email ?? "", password: values.password ?? "", roles: rolesOf(values.role) });
    console.log(`Created ${user.email} (${user.roles.join(", ")}).`);
  } else if (command === "user roles") {
    const found = getUserByEmail(values.email ?? "");
    if (!found) throw new UsageError(`no account with the email ${values.email ?? "(missing --email)"}`);
    const user = setUserRoles(found.id, rolesOf(values.role));
    console.log(`${user.email} now has the roles ${user.roles.join(", ")}; its sessions have ended.`);
  } else if (command === "apikey create") {
    const user = getUserByEmail(values.email ?? "");
    if (!user) throw new UsageError(`no account with the email ${values.email ?? "(missing --email)"}`);
    const created = createApiKey(user, { name: values.name ?? "" });
    console.log(`API key "${created.name}" for ${user.email} (shown once, store it now):\n${created.key}`);
  } else if (command === "rotate-master-key") {
    if (values.key !== undefined && values.key.length < 16) throw new UsageError("a master key given with --key needs at least 16 characters");
    const rotated = rotateMasterKey(values.key);
    console.log(`Re-sealed ${rotated.count} stored secrets under the new master key.`);
    if (rotated.fromEnv) console.log(`DEVICE_SECRET_KEY is set: set it to the new key before starting the server again (shown once):\n${rotated.key}`);
    else console.log("The new key replaced DATA_DIR/device-secret-key; start the server again.");
  } else {
    throw new UsageError(command ? `unknown command "${command}"` : "no command given");
  }
}

function rolesOf(options: string[] | undefined): Role[] {
  const roles = (options ?? []).flatMap((r) => r.split(","));
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (unknown.length) throw new UsageError(`unknown role ${unknown.join(", ")}; roles are ${ROLES.join(", ")}`);
  return roles as Role[];
}

class UsageError extends Error {}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    if (error instanceof UsageError) console.error(`Error: ${error.message}\n\n${USAGE}`);
    else if (error instanceof AppError) {
      const keys = Object.values(error.fieldErrors ?? {}).flat();
      for (const key of keys.length ? keys : [error.message]) console.error(`Error: ${MESSAGES[key] ?? key}`);
    } else if (error instanceof Error && error.name === "TypeError" && "code" in error) {
      console.error(`Error: ${error.message}\n\n${USAGE}`); // parseArgs: unknown or malformed option
    } else throw error;
    process.exitCode = 2;
  })
  .finally(closeDb);
