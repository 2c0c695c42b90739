/**
 * A list page's URL for a filter state, leaving out empty values and defaults so that shared links
 * stay short. Every server-filtered list builds its links (filters, sort, pages) with this.
 */
export function listHref(path: string, query: Record<string, unknown>, defaults: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if ((defaults[key] ?? (key === "page" ? "1" : undefined)) === String(value)) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${path}${search ? `?${search}` : ""}`;
}
