// Writes tests/fixtures/upgrade/<last migration>.{db,device-secret-key,json}: a small database of
// this version with rows in the main tables, made through the services, for tests/db/upgrade.test.ts
// to migrate with every later version. Run it when a release adds migrations, and keep the files
// of the earlier levels:  npm run fixture:upgrade
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-fixture-"));
process.env.DATA_DIR = dataDir;
delete process.env.DEVICE_SECRET_KEY;

export const FIXTURE_PASSWORD = "fixture-password-1";

async function main() {
  const { getDb, closeDb } = await import("@/db");
  const { migrateDb } = await import("@/db/migrate");
  const { deviceMessages, media } = await import("@/db/schema");
  const { createApiKey } = await import("@/lib/api-keys/service");
  const { createTarget } = await import("@/lib/deploy/service");
  const { registerBatch } = await import("@/lib/devices/batch/service");
  const { createProduct, registerDevice } = await import("@/lib/devices/service");
  const { journalTags } = await import("@/lib/backup/layout");
  const { drainJobs } = await import("@/lib/jobs/worker");
  const { bindDevices, resetAppKey } = await import("@/lib/marketplace/app-access");
  const { writeMedia } = await import("@/lib/reviews/media");
  const { deployMyApp } = await import("@/lib/marketplace/my-apps");
  const { placeOrder } = await import("@/lib/marketplace/orders");
  const { createUser } = await import("@/lib/users/service");
  const { wireDomains } = await import("@/lib/wiring");
  const { rotateMasterKey } = await import("@/lib/reseal");
  const { makeApp, makeSpec, makeImageVersion, workloadGraph } = await import("./apps");
  const { makeListing } = await import("./marketplace");
  const { makePng } = await import("./png");

  migrateDb();
  wireDomains();
  const user = (email: string, role: "isv" | "buyer" | "operator") => createUser({ email, password: FIXTURE_PASSWORD, roles: [role] });
  const operator = await user("operator@fixture.local", "operator");
  const isv = await user("isv@fixture.local", "isv");
  const buyer = await user("buyer@fixture.local", "buyer");
  const apiKey = createApiKey(isv, { name: "ci" }).key;

  // Targets: a simulated one that serves every location, and a disabled cluster whose token is sealed.
  createTarget(operator, { name: "sandbox", locations: ["cloud", "edge", "private"], provider: "sandbox", settings: { delayMs: 0 } });
  createTarget(operator, { name: "cluster", locations: ["cloud"], provider: "kubernetes", settings: { server: "https://10.0.0.1:6443", token: "fixture-token" }, enabled: false });

  makeImageVersion(isv, "hello-iot", "v1.0");
  const app = makeApp(isv, "fixture-app");
  makeSpec(isv, app.id, "标准版", workloadGraph("hello-iot:v1.0"));
  const listing = makeListing(isv);
  const order = placeOrder(buyer, { listingId: listing.id, specId: listing.specs[0]!.id, term: "monthly" });

  const product = createProduct(buyer, { name: "meters", protocol: "MQTT", deviceType: "meter", manufacturer: "acme" });
  const devices = ["node-1", "node-2"].map((nodeId) => {
    const { device, secret } = registerDevice(buyer, { productId: product.id, nodeId, name: nodeId });
    return { id: device.id, secret: secret! };
  });
  getDb().insert(deviceMessages).values({ deviceSeq: 1, kind: "properties", topic: `$oc/devices/${devices[0]!.id}/sys/properties/report`, payload: "{}", receivedAt: new Date() }).run();
  await registerBatch(buyer, { name: "d.csv", data: Buffer.from(`node_id,device_name,product_id,auth_type,secret,fingerprint\nb1,,${product.id},,,\nb2,,${product.id},,,\n`) });
  await drainJobs(); // the batch registers its devices
  deployMyApp(buyer, order.myAppId!);
  await drainJobs(); // the sandbox installs the app: generated credentials, sealed outputs
  const appKey = resetAppKey(buyer, order.myAppId!);
  bindDevices(buyer, order.myAppId!, [devices[0]!.id]);
  const { rows } = writeMedia(isv, [{ kind: "logo", image: { bytes: makePng(), contentType: "image/png", width: 4, height: 3 } }]);
  getDb().insert(media).values(rows).run(); // the file itself is DATA_DIR's, not the fixture's

  // How many sealed values there are: a rotation opens and re-seals each (the key file is copied after).
  const sealed = rotateMasterKey().count;
  const level = journalTags()[getDb().$client.prepare("select count(*) as n from __drizzle_migrations").pluck().get() as number - 1]!;
  const tables = getDb().$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != '__drizzle_migrations' order by name").pluck().all() as string[];
  const counts = Object.fromEntries(tables.map((t) => [t, getDb().$client.prepare(`select count(*) from "${t}"`).pluck().get() as number]));
  const out = path.join(process.cwd(), "tests/fixtures/upgrade");
  fs.mkdirSync(out, { recursive: true });
  fs.rmSync(path.join(out, `${level}.db`), { force: true });
  getDb().$client.prepare("vacuum into ?").run(path.join(out, `${level}.db`));
  fs.copyFileSync(path.join(dataDir, "device-secret-key"), path.join(out, `${level}.device-secret-key`));
  const facts = { level, password: FIXTURE_PASSWORD, users: [operator.email, isv.email, buyer.email], apiKey, appKey, myAppId: order.myAppId, devices, listingId: listing.id, sealed, counts };
  fs.writeFileSync(path.join(out, `${level}.json`), `${JSON.stringify(facts, null, 2)}\n`);
  closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`Wrote tests/fixtures/upgrade/${level}.{db,device-secret-key,json} (${fs.statSync(path.join(out, `${level}.db`)).size} bytes).`);
}

await main();
