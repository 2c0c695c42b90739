/**
 * The look every data table shares (DataTable, ListTable). The box scrolls in both directions and
 * is at most a screen high, so the header row stays in sight (sticky) and a horizontal scrollbar,
 * when a table is wider than the window, is never a page away. CJK words stay whole (keep-all: a
 * status is never cut into "成/功"), and a <time> never wraps.
 */
export const tableBox = "max-h-[calc(100dvh-8rem)] overflow-auto rounded-lg border border-slate-200 bg-white";
export const tableClass = "min-w-full text-sm break-keep [&_time]:whitespace-nowrap";
/** Header cells (the caller adds its padding): one line, above the rows while they scroll. */
export const thClass =
  "sticky top-0 z-10 bg-slate-50 text-left font-medium whitespace-nowrap text-slate-600 shadow-[inset_0_-1px_0_var(--color-slate-200)]";
/** A row's actions cell (column id "actions"): pinned to the right edge, so its buttons never clip. */
export const actionsCellClass = "sticky right-0 bg-white text-right shadow-[inset_1px_0_0_var(--color-slate-100)]";
