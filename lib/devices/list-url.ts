import { listHref } from "@/lib/list-url";
import type { DeviceListQuery } from "./schema";

const DEFAULTS = { page: "1", size: "20", sort: "createdAt", dir: "desc" };

/** The device list's URL for this state. */
export function deviceListHref(query: Partial<DeviceListQuery>): string {
  return listHref("/workbench/devices", query, DEFAULTS);
}
