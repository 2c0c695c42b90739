import "server-only";
import { and, count, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { openSecret } from "@/lib/secrets/seal";
import { getDb } from "@/db";
import { deviceBindings, devices, myApps, products, type Device, type MyApp, type User } from "@/db/schema";
import { assertRole } from "@/lib/auth/roles";
import { InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { storeNewKey } from "./app-keys";
import { ownMyApp } from "./my-apps";

/** Devices per bind or unbind request (the device list's page and selection are smaller). */
export const BIND_MAX = 500;


/**
 * Makes (or replaces) the app's key and returns it: the only time the buyer sees it. A running
 * instance keeps the key it was deployed with until it is deployed again.
 */
export function resetAppKey(user: User, appId: string): string {
  assertRole(user, "buyer");
  const app = ownMyApp(user, appId);
  if (app.status !== "active") throw new InvalidStateError("myAppExpired");
  return storeNewKey(app.id, true);
}

/**
 * The key the engine made when the app was first deployed, shown to its buyer once: the first
 * call claims it (conditional update, so two tabs cannot both get it); later ones are refused.
 */
export function revealAppKey(user: User, appId: string): string {
  assertRole(user, "buyer");
  const app = ownMyApp(user, appId);
  const claimed = getDb()
    .update(myApps)
    .set({ appKeyShownAt: new Date() })
    .where(and(eq(myApps.id, app.id), isNotNull(myApps.appKeyEnc), isNull(myApps.appKeyShownAt)))
    .returning({ enc: myApps.appKeyEnc })
    .get();
  if (!claimed?.enc) throw new InvalidStateError("appKeyShown");
  return openSecret("app-key", app.id, claimed.enc);
}

/** The buyer's own devices among `deviceIds`; any other id is "not found", like a missing one. */
function ownDevices(user: User, deviceIds: string[]): Device[] {
  const ids = [...new Set(deviceIds)];
  if (ids.length === 0) throw new ValidationError("devicesRequired");
  if (ids.length > BIND_MAX) throw new ValidationError("tooManyDevices", undefined, { max: String(BIND_MAX) });
  const found = getDb().select().from(devices).where(and(eq(devices.ownerId, user.id), inArray(devices.id, ids))).all();
  if (found.length !== ids.length) throw new NotFoundError("deviceNotFound");
  return found;
}

/** 绑定应用: the selected devices may be read and messaged by the app; binding twice is harmless. */
export function bindDevices(user: User, appId: string, deviceIds: string[]): number {
  assertRole(user, "buyer");
  const app = ownMyApp(user, appId);
  if (app.status !== "active") throw new InvalidStateError("myAppExpired");
  const found = ownDevices(user, deviceIds);
  getDb()
    .insert(deviceBindings)
    .values(found.map((d) => ({ myAppId: app.id, deviceSeq: d.seq })))
    .onConflictDoNothing()
    .run();
  return found.length;
}

/**
 * 解绑应用: takes effect at once; the app's next request for these devices is "not found". An app
 * none of the devices is bound to is refused (nothing to undo), not reported as "0 unbound".
 */
export function unbindDevices(user: User, appId: string, deviceIds: string[]): number {
  assertRole(user, "buyer");
  const app = ownMyApp(user, appId);
  const found = ownDevices(user, deviceIds);
  const unbound = getDb()
    .delete(deviceBindings)
    .where(and(eq(deviceBindings.myAppId, app.id), inArray(deviceBindings.deviceSeq, found.map((d) => d.seq))))
    .run().changes;
  if (unbound === 0) throw new InvalidStateError("devicesNotBound");
  return unbound;
}

/** The names of the apps each device is bound to, for the device list's "bound apps" column. */
export function boundAppsOf(deviceSeqs: number[]): Map<number, { id: string; name: string }[]> {
  const map = new Map<number, { id: string; name: string }[]>();
  if (deviceSeqs.length === 0) return map;
  const rows = getDb()
    .select({ deviceSeq: deviceBindings.deviceSeq, id: myApps.id, name: myApps.name })
    .from(deviceBindings)
    .innerJoin(myApps, eq(myApps.id, deviceBindings.myAppId))
    .where(inArray(deviceBindings.deviceSeq, deviceSeqs))
    .orderBy(myApps.name)
    .all();
  for (const r of rows) map.set(r.deviceSeq, [...(map.get(r.deviceSeq) ?? []), { id: r.id, name: r.name }]);
  return map;
}

/** The devices bound to an app, newest binding first, for the app's API and its detail page. */
export function listBoundDevices(app: Pick<MyApp, "id">, page = 1, pageSize = 50) {
  const db = getDb();
  const where = eq(deviceBindings.myAppId, app.id);
  const total = db.select({ n: count() }).from(deviceBindings).where(where).get()!.n;
  const rows = db
    .select({ device: devices, productName: products.name, boundAt: deviceBindings.createdAt })
    .from(deviceBindings)
    .innerJoin(devices, eq(devices.seq, deviceBindings.deviceSeq))
    .innerJoin(products, eq(products.id, devices.productId))
    .where(where)
    .orderBy(desc(deviceBindings.createdAt), desc(devices.seq))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { total, rows };
}

/** A device bound to the app; one that is not (any more) is "not found", as one that does not exist. */
export function boundDeviceOrThrow(app: Pick<MyApp, "id">, deviceId: string): Device {
  const row = getDb()
    .select({ device: devices })
    .from(deviceBindings)
    .innerJoin(devices, eq(devices.seq, deviceBindings.deviceSeq))
    .where(and(eq(deviceBindings.myAppId, app.id), eq(devices.id, deviceId)))
    .get();
  if (!row) throw new NotFoundError("deviceNotFound");
  return row.device;
}
