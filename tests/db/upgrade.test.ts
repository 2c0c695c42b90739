import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/db";
import { migrateDb } from "@/db/migrate";
import { authenticateApiKey } from "@/lib/api-keys/service";
import { verifyLogin } from "@/lib/auth/login";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { listSpecs } from "@/lib/specs/queries";
import { appForKey } from "@/lib/marketplace/app-keys";
import { authenticateDevice, iotdaCredentials } from "@/lib/mqtt/auth";
import { getListing } from "@/lib/reviews/queries";
import { rotateMasterKey, resealLegacySecrets } from "@/lib/reseal";
import { hashPassword } from "@/lib/secrets/password";
import { getUserByEmail } from "@/lib/users/queries";
import { sealV1 } from "../support/secrets";

// A database made by an earlier version, migrated by this one, loses nothing. The fixtures in
// tests/fixtures/upgrade are databases of earlier versions (npm run fixture:upgrade writes this
// version's); a second test builds one at an older migration level by applying only the first
// migrations of db/migrations (through a truncated copy of drizzle's journal).
const FIXTURES = "tests/fixtures/upgrade";
/** Tables a migration drops on purpose (0012: login failures moved to memory); not a loss. */
const DROPPED = new Set(["login_failures"]);
const testDataDir = process.env.DATA_DIR!;
const dirs: string[] = [];

/** Points the app at a fresh DATA_DIR (the database is opened from it on next use). */
function useDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-upgrade-"));
  dirs.push(dir);
  closeDb();
  process.env.DATA_DIR = dir;
  return dir;
}

const tableCounts = () =>
  Object.fromEntries(
    getDb()
      .all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != '__drizzle_migrations'`)
      .map(({ name }) => [name, getDb().get<{ n: number }>(sql.raw(`select count(*) as n from "${name}"`)).n]),
  );

afterEach(() => {
  closeDb();
  process.env.DATA_DIR = testDataDir;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

type Facts = {
  level: string;
  password: string;
  users: string[];
  apiKey: string;
  appKey: string;
  myAppId: string;
  devices: { id: string; secret: string }[];
  listingId: string;
  sealed: number;
  counts: Record<string, number>;
};

const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json"));

describe("upgrading a database", () => {
  it("has a fixture of the current migration level (npm run fixture:upgrade when migrations were added)", () => {
    const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: { tag: string }[] };
    expect(fixtures).toContain(`${journal.entries.at(-1)!.tag}.json`);
  });

  it.each(fixtures)("migrates the fixture %s with every row and secret still usable", async (name) => {
    const facts = JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as Facts;
    const dir = useDataDir();
    fs.copyFileSync(path.join(FIXTURES, `${facts.level}.db`), path.join(dir, "stagecraft.db"));
    fs.copyFileSync(path.join(FIXTURES, `${facts.level}.device-secret-key`), path.join(dir, "device-secret-key"));
    migrateDb();
    resealLegacySecrets(); // as the server's start does

    // A later migration may add rows (seeded values); none may remove any.
    const counts = tableCounts();
    for (const [table, n] of Object.entries(facts.counts)) if (!DROPPED.has(table)) expect(counts[table] ?? 0, table).toBeGreaterThanOrEqual(n);

    for (const email of facts.users) expect((await verifyLogin({ email, password: facts.password }, "127.0.0.1"))?.email, email).toBe(email);
    expect(authenticateApiKey(facts.apiKey)?.email).toBe(facts.users[1]);
    expect(appForKey(facts.appKey)?.id).toBe(facts.myAppId);
    for (const d of facts.devices) {
      const { clientId, username, password } = iotdaCredentials(d.id, d.secret);
      expect(authenticateDevice(clientId, username, Buffer.from(password))?.id).toBe(d.id);
    }
    expect(getListing(facts.listingId)?.listing.specs.length).toBeGreaterThan(0);
    const apps = getDb().all<{ id: string }>(sql`select id from applications`);
    expect(apps.flatMap((a) => listSpecs(a.id)).map((s) => s.graph.nodes.length).length).toBe(facts.counts.specs);
    const deployment = getDb().get<{ id: string; owner_id: string }>(sql`select id, owner_id from deployments`);
    expect(getDeploymentOrThrow({ id: deployment.owner_id }, deployment.id).id).toBe(deployment.id);
    // Every sealed value (devices, batch items, target credentials, app keys, outputs) opens with the
    // fixture's key: a rotation opens each one and fails on the first that does not.
    expect(rotateMasterKey().count).toBeGreaterThanOrEqual(facts.sealed);
  });

  it("migrates a database made at an older level (0006_devices) with its data", async () => {
    const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag === "0006_devices") + 1;
    const dir = useDataDir();
    const older = path.join(dir, "migrations-0006");
    fs.cpSync("db/migrations", older, { recursive: true });
    fs.writeFileSync(path.join(older, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
    migrate(getDb(), { migrationsFolder: older });
    expect(getDb().all(sql`select 1 from pragma_table_info('users') where name = 'handle'`)).toEqual([]); // really the older schema

    // Rows as that version wrote them, in its columns; device secrets sealed the v1 way.
    fs.writeFileSync(path.join(dir, "device-secret-key"), "an older master key", { mode: 0o600 });
    const run = (text: string, ...values: unknown[]) => getDb().$client.prepare(text).run(...values);
    run(`insert into users (id, email, password_hash, roles) values ('u1', 'first.last@old.local', ?, '["isv"]'), ('u2', 'buyer@old.local', ?, '["buyer"]')`, await hashPassword("old-password-1"), await hashPassword("old-password-2"));
    run(`insert into applications (id, owner_id, name, industry, scenario) values ('a1', 'u1', 'Old app', '智慧园区', '园区安防')`);
    run(`insert into specs (id, application_id, type, location, name, description, graph) values ('s1', 'a1', 'general', 'cloud', '标准版', '', '{"nodes":[],"edges":[]}')`);
    run(`insert into images (id, owner_id, name, kind) values ('i1', 'u1', 'hello-iot', 'docker')`);
    run(`insert into image_versions (id, image_id, version, status, file_name, size, sha256, file_path) values ('v1', 'i1', 'v1.0', 'ready', 'docker_hello-iot_v1.0.tar', 10, 'ab', '/data/images/sha256/ab')`);
    run(`insert into deployment_targets (id, name, locations, provider, settings) values ('t1', 'sandbox', '["cloud"]', 'sandbox', '{}')`);
    run(`insert into deployments (id, owner_id, spec_id, purpose, target_id, graph) values ('d1', 'u1', 's1', 'test', 't1', '{"nodes":[],"edges":[]}')`);
    run(`insert into products (id, owner_id, name, protocol, device_type, manufacturer) values ('p1', 'u2', 'meters', 'MQTT', 'meter', 'acme')`);
    run(`insert into devices (id, owner_id, product_id, node_id, name, auth_type, secret_enc, secure) values ('dev_1', 'u2', 'p1', 'n1', 'Meter', 'SECRET', ?, 0)`, sealV1("an older master key", "old-device-secret"));
    const before = tableCounts();

    closeDb();
    migrateDb();
    const resealed = resealLegacySecrets();
    expect(resealed).toBe(1);
    const after = tableCounts();
    for (const [table, n] of Object.entries(before)) if (!DROPPED.has(table)) expect(after[table], table).toBeGreaterThanOrEqual(n);
    expect(after.users).toBe(2);

    expect((await verifyLogin({ email: "first.last@old.local", password: "old-password-1" }, "127.0.0.1"))?.handle).toBe("first-last");
    expect(getUserByEmail("buyer@old.local")?.sessionsValidAfter).toBe(0);
    expect(listSpecs("a1").map((s) => s.name)).toEqual(["标准版"]);
    expect(getDb().get<{ registry_manifest: string | null; file_path: string }>(sql`select registry_manifest, file_path from image_versions where id = 'v1'`)).toEqual({ registry_manifest: null, file_path: "/data/images/sha256/ab" });
    expect(getDeploymentOrThrow({ id: "u1" }, "d1").imagesOwnerId).toBeNull();
    const { clientId, username, password } = iotdaCredentials("dev_1", "old-device-secret");
    expect(authenticateDevice(clientId, username, Buffer.from(password))?.id).toBe("dev_1");
  });
});
