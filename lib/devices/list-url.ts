import type { DeviceListQuery } from "./schema";

const DEFAULTS: Partial<Record<keyof DeviceListQuery, string>> = { page: "1", size: "20", sort: "createdAt", dir: "desc" };

/** The device list's URL for this state, leaving defaults out so shared links stay short. */
export function deviceListHref(query: Partial<DeviceListQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (DEFAULTS[key as keyof DeviceListQuery] === String(value)) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `/workbench/devices${search ? `?${search}` : ""}`;
}
