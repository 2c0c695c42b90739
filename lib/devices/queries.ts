import "server-only";
import { and, asc, count, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { startsWithText } from "@/db/text-search";
import { getDb } from "@/db";
import { devices, products, type Device, type Product, type User } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import type { DeviceListQuery } from "./schema";

type Owner = Pick<User, "id">;

/** The owner's products, newest first (a buyer has a handful, not thousands). */
export function listProducts(owner: Owner): Product[] {
  return getDb().select().from(products).where(eq(products.ownerId, owner.id)).orderBy(desc(products.createdAt)).all();
}

/** Another account's product answers exactly like a missing one. */
export function getProductOrThrow(owner: Owner, productId: string): Product {
  const product = getDb()
    .select()
    .from(products)
    .where(and(eq(products.id, productId), eq(products.ownerId, owner.id)))
    .get();
  if (!product) throw new NotFoundError("productNotFound", { productId: ["productNotFound"] });
  return product;
}

export function getDeviceOrThrow(owner: Owner, deviceId: string): Device & { productName: string } {
  const row = getDb()
    .select({ device: devices, productName: products.name })
    .from(devices)
    .innerJoin(products, eq(products.id, devices.productId))
    .where(and(eq(devices.id, deviceId), eq(devices.ownerId, owner.id)))
    .get();
  if (!row) throw new NotFoundError("deviceNotFound");
  return { ...row.device, productName: row.productName };
}

const listColumns = {
  seq: devices.seq,
  id: devices.id,
  nodeId: devices.nodeId,
  name: devices.name,
  productId: devices.productId,
  productName: products.name,
  authType: devices.authType,
  secure: devices.secure,
  status: devices.status,
  lastSeenAt: devices.lastSeenAt,
  createdAt: devices.createdAt,
};


function deviceFilters(owner: Owner, filter: { productId?: string; status?: Device["status"]; q?: string; nodeId?: string; name?: string }) {
  const where: (SQL | undefined)[] = [eq(devices.ownerId, owner.id)];
  if (filter.productId) where.push(eq(devices.productId, filter.productId));
  if (filter.status) where.push(eq(devices.status, filter.status));
  if (filter.nodeId) where.push(eq(devices.nodeId, filter.nodeId));
  if (filter.name) where.push(eq(devices.name, filter.name));
  if (filter.q) {
    // A prefix, not a substring: "starts with" is answered from the NOCASE indexes, a substring
    // would scan every device of the owner (100,000 in the benchmark) twice, for rows and count.
    where.push(or(startsWithText(devices.nodeId, filter.q), startsWithText(devices.name, filter.q)));
  }
  return and(...where);
}

const SORT_COLUMNS = {
  createdAt: sql`${devices.seq}`,
  nodeId: sql`${devices.nodeId} collate nocase`,
  name: sql`${devices.name} collate nocase`,
  status: sql`${devices.status}`,
} as const;

/** Counting stops here: past it the list says "10,000+" instead of walking every matching row. */
export const COUNT_CAP = 10_000;

/**
 * One page of the owner's devices for the workbench list: filters, sort and offset paging in SQL.
 * Every filter is served by an owner-first index; see tests/bench for the figures at 100,000.
 */
export function listDevices(owner: Owner, query: DeviceListQuery) {
  const db = getDb();
  const where = deviceFilters(owner, query);
  const direction = query.dir === "asc" ? asc : desc;
  const order = query.sort === "createdAt" ? [direction(devices.seq)] : [direction(SORT_COLUMNS[query.sort]), direction(devices.seq)];
  // The page's keys first, from the owner-first indexes alone, then only those rows with their
  // product: an offset applied after the join would join every skipped row (23 ms instead of 3 ms
  // for page 2,500 of 100,000).
  const keys = db
    .select({ seq: devices.seq })
    .from(devices)
    .where(where)
    .orderBy(...order)
    .limit(query.size + 1)
    .offset((query.page - 1) * query.size)
    .all()
    .map((row) => row.seq);
  const found = keys.length
    ? db.select(listColumns).from(devices).innerJoin(products, eq(products.id, devices.productId)).where(inArray(devices.seq, keys)).all()
    : [];
  const bySeq = new Map(found.map((row) => [row.seq, row]));
  const rows = keys.flatMap((seq) => bySeq.get(seq) ?? []);
  const capped = db.select({ one: sql`1` }).from(devices).where(where).limit(COUNT_CAP + 1).as("capped");
  const total = db.select({ n: count() }).from(capped).get()?.n ?? 0;
  return { rows: rows.slice(0, query.size), hasNext: keys.length > query.size, total: Math.min(total, COUNT_CAP), totalCapped: total > COUNT_CAP };
}
export type DeviceListRow = ReturnType<typeof listDevices>["rows"][number];

/** IoTDA's list: newest first, with `marker` (keyset: the last seq seen) and/or `offset` paging. */
export function listDevicesForApi(
  owner: Owner,
  filter: { productId?: string; nodeId?: string; name?: string; limit: number; offset: number; beforeSeq?: number },
) {
  const db = getDb();
  const where = deviceFilters(owner, filter);
  const rows = db
    .select({ ...listColumns, fingerprint: devices.fingerprint })
    .from(devices)
    .innerJoin(products, eq(products.id, devices.productId))
    .where(filter.beforeSeq === undefined ? where : and(where, lt(devices.seq, filter.beforeSeq)))
    .orderBy(desc(devices.seq))
    .limit(filter.limit)
    .offset(filter.offset)
    .all();
  const total = db.select({ n: count() }).from(devices).where(where).get()?.n ?? 0;
  return { rows, total };
}

/** How many devices are ONLINE now, all owners together, for /metrics. */
export function countOnlineDevices(): number {
  return getDb().select({ n: count() }).from(devices).where(eq(devices.status, "ONLINE")).get()?.n ?? 0;
}
