import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/db";
import { migrateDb } from "@/db/migrate";
import { batchFiles, imageVersions } from "@/db/schema";
import { verifyLogin } from "@/lib/auth/login";
import { uploadBatchFile } from "@/lib/devices/batch/service";
import { mediaPath } from "@/lib/reviews/media";
import { imageArchivePath, uploadPath } from "@/lib/storage";
import { makeListing } from "../support/marketplace";
import { closed, connectDevice, makeDevices, startBroker } from "../support/mqtt";
import { readyImageFrom } from "../support/images";
import { makeUser } from "../support/users";

// The whole round trip with the real command in its own process against a live DATA_DIR: this
// test process keeps the database open (WAL, uncommitted pages in the -wal file) and keeps writing
// while the backup runs, as a server would. The restored DATA_DIR is then opened as the server
// opens it (migrated, then the MQTT broker) and a device logs in with its secret. A Playwright
// spec would add a production build and two server processes (minutes) to prove the same facts.
const run = promisify(execFile);
const admin = (dataDir: string, ...args: string[]) =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts", ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
  });

const sourceDir = process.env.DATA_DIR!;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-backup-"));
const restoredDir = path.join(work, "restored");
const archive = path.join(work, "backup.tar.gz");

const countRows = () =>
  Object.fromEntries(
    getDb()
      .all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
      .map(({ name }) => [name, getDb().get<{ n: number }>(sql.raw(`select count(*) as n from "${name}"`)).n]),
  );

describe("admin backup and restore", () => {
  let device: { id: string; secret: string };
  let sha256: string;
  let before: Record<string, number>;
  let mediaId: string;

  beforeAll(async () => {
    const operator = await makeUser(["operator"]);
    const isv = await makeUser(["isv"]);
    const bytes = fs.readFileSync("tests/fixtures/images/docker_hello-iot_v1.0.tar");
    sha256 = createHash("sha256").update(bytes).digest("hex");
    fs.mkdirSync(path.dirname(imageArchivePath(sha256)), { recursive: true });
    fs.writeFileSync(imageArchivePath(sha256), bytes);
    await readyImageFrom(isv, "docker_hello-iot_v1.0.tar", imageArchivePath(sha256));
    makeListing(isv);
    const made = await makeDevices(1);
    device = made.devices[0]!;
    await uploadBatchFile(made.owner, { name: "d.csv", data: Buffer.from(`node_id,device_name,product_id,auth_type,secret,fingerprint\nb1,,${made.product.id},,,\n`) });
    mediaId = "7d7f3a3e-0000-4000-8000-000000000001";
    fs.mkdirSync(path.dirname(mediaPath(mediaId)), { recursive: true });
    fs.writeFileSync(mediaPath(mediaId), "png bytes");
    fs.mkdirSync(path.dirname(uploadPath("half")), { recursive: true });
    fs.writeFileSync(uploadPath("half"), "an unfinished tus upload");
    expect(operator.email).toBeTruthy();
    before = countRows();
  });

  afterAll(() => {
    process.env.DATA_DIR = sourceDir;
    closeDb();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("backs up a live DATA_DIR, restores it elsewhere, and the restored one serves the same data", async () => {
    let writing = true;
    const writer = (async () => {
      let n = 0;
      for (; writing; n++) await makeUser(["buyer"]);
      return n;
    })();
    const backup = await admin(sourceDir, "backup", archive).finally(() => (writing = false));
    const writtenDuring = await writer;
    expect(backup.stdout).toMatch(/Backed up \d+ files .* to .*backup\.tar\.gz: [\d.]+ MB in [\d.]+ s\./);
    const after = countRows();

    const restored = await admin(restoredDir, "restore", archive);
    expect(restored.stdout).toContain(`into ${restoredDir}`);
    expect(fs.readdirSync(restoredDir).sort()).toEqual(["batch-files", "device-secret-key", "images", "media", "stagecraft.db"]);
    expect(fs.statSync(path.join(restoredDir, "device-secret-key")).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(work).filter((n) => n.includes("restoring") || n.includes("partial"))).toEqual([]);

    // The restored DATA_DIR as the server would open it.
    process.env.DATA_DIR = restoredDir;
    closeDb();
    migrateDb();
    const rows = countRows();
    for (const [table, n] of Object.entries(before)) if (table !== "users") expect(rows[table], table).toBe(n);
    expect(rows.users).toBeGreaterThanOrEqual(before.users!);
    expect(rows.users).toBeLessThanOrEqual(after.users!);
    expect(writtenDuring).toBeGreaterThan(0);

    const version = getDb().select().from(imageVersions).where(eq(imageVersions.sha256, sha256)).get()!;
    expect(version.filePath).toBe(path.join(restoredDir, "images", "sha256", sha256));
    expect(createHash("sha256").update(fs.readFileSync(version.filePath!)).digest("hex")).toBe(sha256);
    const batch = getDb().select().from(batchFiles).get()!;
    expect(batch.path!.startsWith(path.join(restoredDir, "batch-files"))).toBe(true);
    expect(fs.statSync(batch.path!).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(mediaPath(mediaId), "utf8")).toBe("png bytes");
    expect(fs.existsSync(uploadPath("half"))).toBe(false);

    expect(await verifyLogin({ email: getDb().get<{ email: string }>(sql`select email from users order by created_at limit 1`).email, password: "password123" }, "127.0.0.1")).toBeTruthy();
    const broker = await startBroker();
    try {
      const client = await connectDevice(broker.port, device);
      client.end();
      await closed(client);
    } finally {
      await broker.close();
    }
  });

  it("refuses to overwrite a backup without --force, and replaces it with", async () => {
    fs.writeFileSync(path.join(work, "old.tar.gz"), "keep me");
    const refused = await admin(sourceDir, "backup", path.join(work, "old.tar.gz")).then(() => null, (e) => e);
    expect(refused?.code).toBe(2);
    expect(refused.stderr).toContain("exists; pass --force to replace it");
    expect(fs.readFileSync(path.join(work, "old.tar.gz"), "utf8")).toBe("keep me");
    await admin(sourceDir, "backup", path.join(work, "old.tar.gz"), "--force");
    expect(fs.readFileSync(path.join(work, "old.tar.gz")).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
}, 120_000);
