// Self-hosting admin command, run with `npm run admin -- <command>`. It opens the same DATA_DIR as
// the server (WAL + busy timeout make that safe while the server runs) and migrates it first;
// backup and restore do neither (a backup leaves DATA_DIR as it is, a restore needs it empty).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb } from "@/db";
import { migrateDb } from "@/db/migrate";
import { ROLES, type Role } from "@/db/enums";
import { createApiKey } from "@/lib/api-keys/service";
import { createBackup } from "@/lib/backup/create";
import { BackupError } from "@/lib/backup/layout";
import { restoreBackup } from "@/lib/backup/restore";
import { rotateMasterKey } from "@/lib/reseal";
import { AppError } from "@/lib/errors";
import en from "@/lib/i18n/messages/en.json";
import { generatedPassword } from "@/lib/secrets/password";
import { getUserByEmail, listUsers } from "@/lib/users/queries";
import { createUser, resetPassword, setUserRoles } from "@/lib/users/service";

const USAGE = `Usage:
  npm run admin -- user create --email E --password P --role isv|buyer|operator [--role ...]
  npm run admin -- user list                            (email, roles, created)
  npm run admin -- user set-roles --email E --role isv|buyer|operator [--role ...]   (ends its sessions; "user roles" too)
  npm run admin -- user reset-password --email E [--password-stdin]   (prints a generated password once,
                                                        or reads one line from stdin; ends its sessions)
  npm run admin -- apikey create --email E --name N     (prints the key once)
  npm run admin -- backup FILE.tar.gz [--force]         (while the server runs: database, keys, images, media)
  npm run admin -- restore FILE.tar.gz                  (into an empty or absent DATA_DIR; the server migrates it at start)
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
      force: { type: "boolean" },
      "password-stdin": { type: "boolean" },
    },
  });
  const [first, second, ...rest] = positionals;
  if (first === "backup" || first === "restore") {
    if (!second || rest.length) throw new UsageError(second ? `${first} takes one file, not ${rest.length + 1}` : `${first} needs a file, e.g. ${first} stagecraft-backup.tar.gz`);
    return first === "backup" ? backup(second, values.force ?? false) : restore(second);
  }
  const command = positionals.join(" ");
  migrateDb();

  if (command === "user create") {
    const user = await createUser({ email: values.email ?? "", password: values.password ?? "", roles: rolesOf(values.role) });
    console.log(`Created ${user.email} (${user.roles.join(", ")}).`);
  } else if (command === "user list") {
    printTable(["EMAIL", "ROLES", "CREATED"], listUsers().map((u) => [u.email, u.roles.join(","), u.createdAt.toISOString().slice(0, 16).replace("T", " ")]));
  } else if (command === "user set-roles" || command === "user roles") {
    const user = setUserRoles(accountOf(values.email).id, rolesOf(values.role));
    console.log(`${user.email} now has the roles ${user.roles.join(", ")}; its sessions have ended.`);
  } else if (command === "user reset-password") {
    const found = accountOf(values.email);
    if (values.password !== undefined) throw new UsageError("a password on the command line stays in the shell history: use --password-stdin");
    const password = values["password-stdin"] ? await readPasswordLine() : generatedPassword();
    const user = await resetPassword(found.id, password);
    if (values["password-stdin"]) console.log(`The password of ${user.email} has been changed; its sessions have ended.`);
    else console.log(`New password for ${user.email} (shown once; its sessions have ended):\n${password}`);
  } else if (command === "apikey create") {
    const user = accountOf(values.email);
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

function accountOf(email: string | undefined) {
  const user = getUserByEmail(email ?? "");
  if (!user) throw new UsageError(`no account with the email ${email ?? "(missing --email)"}`);
  return user;
}

/** The password piped in (`printf %s "$P" | … --password-stdin`): the first line, without its newline. */
async function readPasswordLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("New password (the input is shown): ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0]!;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
}

async function backup(file: string, force: boolean): Promise<void> {
  let shown = Date.now();
  // Ctrl-C or a container stop: the partial files are removed before the command ends.
  const interrupt = new AbortController();
  const stop = () => interrupt.abort(new BackupError("interrupted; nothing was written"));
  process.once("SIGINT", stop).once("SIGTERM", stop);
  const summary = await createBackup(file, {
    force,
    signal: interrupt.signal,
    onProgress: (p) => {
      if (Date.now() - shown < 2000) return;
      shown = Date.now();
      console.log(`… ${p.files} files, ${megabytes(p.bytes)}`);
    },
  });
  const { manifest } = summary;
  console.log(
    `Backed up ${summary.files} files (${megabytes(summary.bytes)}; database at migration ${manifest.migrations.last ?? "none"}) ` +
      `to ${summary.file}: ${megabytes(summary.archiveBytes)} in ${(summary.ms / 1000).toFixed(1)} s.`,
  );
  if (process.env.DEVICE_SECRET_KEY) console.log("DEVICE_SECRET_KEY is set, so the master key is not in the backup: keep it with the backup, or its sealed secrets cannot be opened.");
}

async function restore(file: string): Promise<void> {
  const summary = await restoreBackup(file);
  const { manifest } = summary;
  console.log(
    `Restored ${summary.files} files (${megabytes(summary.bytes)}) from the backup of ${manifest.createdAt} (Stagecraft ${manifest.appVersion}, ` +
      `migration ${manifest.migrations.last ?? "none"}) into ${summary.dataDir} in ${(summary.ms / 1000).toFixed(1)} s. Start the server: it migrates the database.`,
  );
  if (!fs.existsSync(path.join(summary.dataDir, "device-secret-key")) && !process.env.DEVICE_SECRET_KEY) {
    console.log("The backup holds no device-secret-key: if the server ran with DEVICE_SECRET_KEY, set it to the same key before starting it.");
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

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
    else if (error instanceof BackupError) console.error(`Error: ${error.message}`);
    else if (error instanceof AppError) {
      const keys = Object.values(error.fieldErrors ?? {}).flat();
      for (const key of keys.length ? keys : [error.message]) console.error(`Error: ${MESSAGES[key] ?? key}`);
    } else if (error instanceof Error && error.name === "TypeError" && "code" in error) {
      console.error(`Error: ${error.message}\n\n${USAGE}`); // parseArgs: unknown or malformed option
    } else throw error;
    process.exitCode = 2;
  })
  .finally(closeDb);
