import "server-only";
import { randomBytes } from "node:crypto";
import { getDb } from "@/db";
import { credentialRecord, detailRecord, outputRecord } from "@/lib/deploy/sealed";
import { batchItemRecord, currentMasterKey, isLegacySealed, MASTER_KEY_ENV, MASTER_KEY_FILE, openWith, sealWith, type SealKind } from "@/lib/secrets/seal";
import { stagePersistentSecret } from "@/lib/secrets/persistent";

// Every sealed value the database holds, found by table and column, so that they can all be
// re-sealed: v1 values at start-up, everything when the master key changes. This runs in code,
// not as an SQL migration, because SQLite cannot call Node's crypto.

/** Returns the value to store instead, or null to leave it. */
type Reseal = (kind: SealKind, record: string, stored: string) => string | null;

const CREDENTIAL_FIELDS = ["tokenEncrypted", "clientKeyEncrypted", "tlsKeyEncrypted"];
const SEALED = "sealed:";
const PAGE = 1000;

// `rowid as rid`: a table whose primary key is an integer names its rowid after that column.
function pages<T>(sql: string, each: (row: T) => void): void {
  const select = getDb().$client.prepare(`${sql} and rowid > ? order by rowid limit ${PAGE}`);
  for (let after = 0; ; ) {
    const rows = select.all(after) as (T & { rid: number })[];
    for (const row of rows) each(row);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.rid;
  }
}

function resealPrefixed(value: unknown, kind: SealKind, record: string, reseal: Reseal): string | null {
  if (typeof value !== "string" || !value.startsWith(SEALED)) return null;
  const next = reseal(kind, record, value.slice(SEALED.length));
  return next === null ? null : SEALED + next;
}

/** Applies `reseal` to every sealed value in one transaction; returns how many changed. */
function resealAll(reseal: Reseal, legacyOnly: boolean): number {
  const sqlite = getDb().$client;
  let changed = 0;
  // At start-up only v1 values are wanted: the filters keep a 100,000-device database from being read whole.
  const column = (table: string, key: string, col: string, kind: SealKind, record: (row: Record<string, unknown>) => string) => {
    const update = sqlite.prepare(`update ${table} set ${col} = ? where rowid = ?`);
    const filter = legacyOnly ? `${col} like 'v1.%'` : `${col} is not null`;
    pages<Record<string, unknown>>(`select rowid as rid, ${key}, ${col} as v from ${table} where ${filter}`, (row) => {
      const next = reseal(kind, record(row), String(row.v));
      if (next === null) return;
      update.run(next, row.rid);
      changed++;
    });
  };
  const json = (table: string, key: string, col: string, change: (row: Record<string, unknown>, value: unknown) => boolean) => {
    const update = sqlite.prepare(`update ${table} set ${col} = ? where rowid = ?`);
    const marker = col === "settings" ? '"v1.' : `${SEALED}v1.`;
    const filter = legacyOnly ? `${col} like '%${marker}%'` : `${col} like '%${col === "settings" ? "Encrypted" : SEALED}%'`;
    pages<Record<string, unknown>>(`select rowid as rid, ${key}, ${col} as v from ${table} where ${filter}`, (row) => {
      const value = JSON.parse(String(row.v)) as unknown;
      if (!change(row, value)) return;
      update.run(JSON.stringify(value), row.rid);
      changed++;
    });
  };
  sqlite.transaction(() => {
    column("devices", "id", "secret_enc", "device-secret", (r) => String(r.id));
    column("batch_task_items", "task_id, idx", "secret_enc", "batch-item-secret", (r) => batchItemRecord(String(r.task_id), Number(r.idx)));
    column("my_apps", "id", "app_key_enc", "app-key", (r) => String(r.id));
    json("deployment_targets", "id", "settings", (row, settings) => {
      let touched = false;
      const values = settings as Record<string, unknown>;
      for (const field of CREDENTIAL_FIELDS) {
        if (typeof values[field] !== "string") continue;
        const next = reseal("target-credential", credentialRecord(String(row.id), field), values[field]);
        if (next === null) continue;
        values[field] = next;
        touched = true;
      }
      return touched;
    });
    json("deployments", "id", "outputs", (row, outputs) => {
      let touched = false;
      for (const output of outputs as { name: string; value: unknown; secret?: boolean }[]) {
        const next = output.secret ? resealPrefixed(output.value, "deployment-output", outputRecord(String(row.id), output.name), reseal) : null;
        if (next === null) continue;
        output.value = next;
        touched = true;
      }
      return touched;
    });
    json("deployment_resources", "deployment_id, node_id", "details", (row, details) => {
      const values = details as Record<string, unknown>;
      const next = resealPrefixed(values.password, "deployment-output", detailRecord(String(row.deployment_id), String(row.node_id), "password"), reseal);
      if (next !== null) values.password = next;
      return next !== null;
    });
  })();
  return changed;
}

/**
 * Re-seals every value still in the v1 form (one key, no record bound) as v2, under the same
 * master key. Run by bootstrap() at every start; finds nothing once done.
 */
export function resealLegacySecrets(): number {
  const master = currentMasterKey();
  return resealAll((kind, record, stored) => (isLegacySealed(stored) ? sealWith(master, kind, record, openWith(master, kind, record, stored)) : null), true);
}

/**
 * Re-seals everything under a new master key in one transaction. With the key in
 * DATA_DIR/device-secret-key, the new key is first written beside it (`.next`), then the database
 * is committed, then the file is renamed over the old one; with DEVICE_SECRET_KEY set, the
 * operator must set the returned key before the next start.
 */
export function rotateMasterKey(newMaster: string = randomBytes(32).toString("base64url")): { key: string; count: number; fromEnv: boolean } {
  const old = currentMasterKey();
  if (newMaster === old) throw new Error("the new master key is the current one");
  const fromEnv = Boolean(process.env[MASTER_KEY_ENV]);
  const staged = fromEnv ? null : stagePersistentSecret(MASTER_KEY_FILE, newMaster);
  let count: number;
  try {
    count = resealAll((kind, record, stored) => sealWith(newMaster, kind, record, openWith(old, kind, record, stored)), false);
  } catch (error) {
    staged?.abandon();
    throw error;
  }
  staged?.commit();
  if (fromEnv) process.env[MASTER_KEY_ENV] = newMaster;
  return { key: newMaster, count, fromEnv };
}
