import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { batchTaskItems, deploymentResources, deployments, deploymentTargets, devices, myApps } from "@/db/schema";
import { resealLegacySecrets, rotateMasterKey } from "@/lib/reseal";
import { detailRecord, openCredential, outputRecord } from "@/lib/deploy/sealed";
import { createTarget } from "@/lib/deploy/service";
import { registerBatch } from "@/lib/devices/batch/service";
import { createProduct, registerDevice } from "@/lib/devices/service";
import { drainJobs } from "@/lib/jobs/worker";
import { storeNewKey } from "@/lib/marketplace/app-keys";
import { batchItemRecord, currentMasterKey, openSecret, openWith } from "@/lib/secrets/seal";
import { listedSpec, makeListing } from "../support/marketplace";
import { sealV1 } from "../support/secrets";
import { makeUser } from "../support/users";

const settings = { server: "https://k8s.example:6443", caData: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", token: "cluster-token", nodeAddress: "node-1" };

/** A device, a Kubernetes target and a deployment with a secret output and a password detail, all sealed. */
async function sealedRecords() {
  const operator = await makeUser(["operator", "buyer"]);
  const product = createProduct(operator, { name: "meters", protocol: "MQTT", deviceType: "meter", manufacturer: "acme" });
  const registered = registerDevice(operator, { productId: product.id, nodeId: `n${Date.now()}` });
  const device = { deviceId: registered.device.id, secret: registered.secret };
  const target = await createTarget(operator, { name: `k8s-${device.deviceId}`, locations: ["cloud"], provider: "kubernetes", enabled: false, settings });
  const deploymentId = `d-${device.deviceId}`;
  const db = getDb();
  db.insert(deployments).values({ id: deploymentId, ownerId: operator.id, purpose: "test", targetId: target.id, status: "running", graph: { nodes: [], edges: [] } }).run();
  return { operator, device, target, deploymentId };
}

const row = {
  device: (id: string) => getDb().select().from(devices).where(eq(devices.id, id)).get()!.secretEnc!,
  token: (id: string) => String(getDb().select().from(deploymentTargets).where(eq(deploymentTargets.id, id)).get()!.settings.tokenEncrypted),
  output: (id: string) => getDb().select().from(deployments).where(eq(deployments.id, id)).get()!.outputs![0]!.value,
  password: (id: string) => String(getDb().select().from(deploymentResources).where(eq(deploymentResources.deploymentId, id)).get()!.details.password),
};

describe("re-sealing stored secrets", () => {
  it("re-seals v1 values as v2 bound to their records at start-up, once", async () => {
    const { device, target, deploymentId } = await sealedRecords();
    const master = currentMasterKey();
    const db = getDb();
    // What a database written before v2 holds: v1 values everywhere.
    db.update(devices).set({ secretEnc: sealV1(master, device.secret!) }).where(eq(devices.id, device.deviceId)).run();
    db.update(deploymentTargets).set({ settings: { ...target.settings, tokenEncrypted: sealV1(master, "cluster-token") } }).where(eq(deploymentTargets.id, target.id)).run();
    db.update(deployments).set({ outputs: [{ name: "db_password", label: "Password", secret: true, value: `sealed:${sealV1(master, "pw-1")}` }] }).where(eq(deployments.id, deploymentId)).run();
    db.insert(deploymentResources).values({ deploymentId, nodeId: "creds", type: "credentials", status: "created", details: { user: "app", password: `sealed:${sealV1(master, "pw-2")}` } }).run();

    expect(resealLegacySecrets()).toBe(4);
    expect(row.device(device.deviceId)).toMatch(/^v2\./);
    expect(openSecret("device-secret", device.deviceId, row.device(device.deviceId))).toBe(device.secret);
    expect(openCredential(target.id, "tokenEncrypted", row.token(target.id))).toBe("cluster-token");
    expect(row.output(deploymentId)).toMatch(/^sealed:v2\./);
    expect(openSecret("deployment-output", outputRecord(deploymentId, "db_password"), row.output(deploymentId).slice(7))).toBe("pw-1");
    expect(openSecret("deployment-output", detailRecord(deploymentId, "creds", "password"), row.password(deploymentId).slice(7))).toBe("pw-2");
    // Now bound: the device's value does not open as another device's.
    expect(() => openSecret("device-secret", `${device.deviceId}x`, row.device(device.deviceId))).toThrow();

    const before = row.device(device.deviceId);
    expect(resealLegacySecrets()).toBe(0); // idempotent: nothing left in v1
    expect(row.device(device.deviceId)).toBe(before);
  });

  it("rotates the master key: every secret opens under the new key, none under the old", async () => {
    const { device, target, deploymentId } = await sealedRecords();
    getDb().insert(deploymentResources).values({ deploymentId, nodeId: "creds", type: "credentials", status: "created", details: {} }).run();
    const { saveResource, updateDeployment } = await import("@/lib/deploy/records");
    updateDeployment(deploymentId, { outputs: [{ name: "db_password", label: "Password", secret: true, value: "pw-1" }] });
    saveResource(deploymentId, "creds", { type: "credentials", status: "created", details: { password: "pw-2" } });
    // An app key, and a failed batch row that keeps the secret it was given (its product is unknown).
    const listing = makeListing(await makeUser(["isv"]));
    getDb().insert(myApps).values({ id: `app-${deploymentId}`, ownerId: (await makeUser(["buyer"])).id, listingId: listing.id, kind: "trial", name: "app", spec: listedSpec() }).run();
    const appKey = storeNewKey(`app-${deploymentId}`, false);
    const header = "node_id,device_name,product_id,auth_type,secret,fingerprint";
    const task = await registerBatch(await makeUser(["buyer"]), { name: "d.csv", data: Buffer.from(`${header}\nz1,,no-such-product,SECRET,given-secret-9,\n`) });
    await drainJobs();
    const item = () => getDb().select().from(batchTaskItems).where(eq(batchTaskItems.taskId, task.id)).get()!;
    expect(item()).toMatchObject({ status: "Fail", errorCode: "productNotFound" });
    const old = currentMasterKey();
    const keyFile = path.join(process.env.DATA_DIR!, "device-secret-key");

    const rotated = rotateMasterKey();
    expect(rotated.fromEnv).toBe(false);
    expect(rotated.count).toBeGreaterThanOrEqual(6); // and what the other test of this file stored
    expect(fs.readFileSync(keyFile, "utf8")).toBe(rotated.key);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${keyFile}.next`)).toBe(false);
    expect(currentMasterKey()).toBe(rotated.key);

    const values: [Parameters<typeof openWith>[1], string, string, string][] = [
      ["device-secret", device.deviceId, row.device(device.deviceId), device.secret!],
      ["target-credential", `${target.id}/tokenEncrypted`, row.token(target.id), "cluster-token"],
      ["deployment-output", outputRecord(deploymentId, "db_password"), row.output(deploymentId).slice(7), "pw-1"],
      ["deployment-output", detailRecord(deploymentId, "creds", "password"), row.password(deploymentId).slice(7), "pw-2"],
      ["app-key", `app-${deploymentId}`, getDb().select().from(myApps).where(eq(myApps.id, `app-${deploymentId}`)).get()!.appKeyEnc!, appKey],
      ["batch-item-secret", batchItemRecord(task.id, 0), item().secretEnc!, "given-secret-9"],
    ];
    for (const [kind, record, stored, plain] of values) {
      expect(openWith(rotated.key, kind, record, stored)).toBe(plain);
      expect(openSecret(kind, record, stored)).toBe(plain); // this process now reads the new key
      expect(() => openWith(old, kind, record, stored)).toThrow();
    }
  });
});
