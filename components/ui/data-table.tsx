"use client";
import {
  createSortedRowModel,
  flexRender,
  functionalUpdate,
  rowSelectionFeature,
  rowSortingFeature,
  sortFns,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowData,
  type RowSelectionState,
  type SortingState,
} from "@tanstack/react-table";
import type { ReactNode } from "react";
import { cn } from "./cn";
import { actionsCellClass, tableBox, tableClass, thClass } from "./table-styles";

const features = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns,
});

export type DataTableColumn<T extends RowData> = ColumnDef<typeof features, T>;
export type DataTableSort = { id: string; desc: boolean };
export type { RowSelectionState };

const arrows = { asc: " ▲", desc: " ▼" } as const;
const EMPTY: RowSelectionState = {};
/** Denser than a ListTable: the tables of data pages hold many columns. */
const pad = "px-2.5 py-2.5";

/**
 * A table on @tanstack/react-table v9 with click-to-sort headers and an empty state. Lists that can
 * grow page and filter on the server; this component renders the page it is given. With `sort`
 * and `onSortChange` the sorting is the server's (the parent puts it in the URL); with
 * `selection` a checkbox column selects rows of the page for batch actions. A column with the id
 * "actions" holds the row's buttons and is pinned to the table's right edge.
 */
export function DataTable<T extends RowData>({
  columns,
  data,
  label,
  empty,
  getRowId,
  sort,
  onSortChange,
  selection,
}: {
  columns: DataTableColumn<T>[];
  data: T[];
  /** Accessible name of the table. */
  label: string;
  /** Shown instead of rows when there are none. */
  empty: ReactNode;
  getRowId?: (row: T) => string;
  sort?: DataTableSort | null;
  onSortChange?: (next: DataTableSort | null) => void;
  selection?: {
    selected: RowSelectionState;
    onChange: (next: RowSelectionState) => void;
    /** Accessible names of the checkboxes. */
    rowLabel: (row: T) => string;
    allLabel: string;
  };
}) {
  const serverSorted = Boolean(onSortChange);
  const sorting: SortingState = sort ? [sort] : [];
  const table = useTable({
    features,
    columns,
    data,
    getRowId,
    enableRowSelection: Boolean(selection),
    enableMultiSort: false,
    ...(serverSorted
      ? {
          manualSorting: true,
          onSortingChange: (updater: unknown) => {
            const next = functionalUpdate(updater as SortingState, sorting);
            onSortChange!(next[0] ?? null);
          },
        }
      : {}),
    ...(selection
      ? { onRowSelectionChange: (updater: unknown) => selection.onChange(functionalUpdate(updater as RowSelectionState, selection.selected)) }
      : {}),
    state: {
      ...(serverSorted ? { sorting } : {}),
      ...(selection ? { rowSelection: selection.selected ?? EMPTY } : {}),
    },
  });
  const colSpan = columns.length + (selection ? 1 : 0);

  return (
    <div className={tableBox}>
      <table aria-label={label} className={tableClass}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {selection && (
                <th scope="col" className={cn(thClass, pad, "w-10")}>
                  <input
                    type="checkbox"
                    aria-label={selection.allLabel}
                    checked={data.length > 0 && table.getIsAllPageRowsSelected()}
                    ref={(box) => {
                      if (box) box.indeterminate = table.getIsSomePageRowsSelected();
                    }}
                    onChange={table.getToggleAllPageRowsSelectedHandler()}
                  />
                </th>
              )}
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const content = header.isPlaceholder
                  ? null
                  : flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    className={cn(thClass, pad, header.column.id === "actions" && "right-0")}
                  >
                    {header.column.getCanSort() ? (
                      <button type="button" onClick={header.column.getToggleSortingHandler()} className="hover:text-slate-900">
                        {content}
                        {sorted ? arrows[sorted] : null}
                      </button>
                    ) : (
                      content
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td colSpan={colSpan} className="px-4 py-10 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="group hover:bg-slate-50" aria-selected={selection ? row.getIsSelected() : undefined}>
                {selection && (
                  <td className={cn(pad, "align-middle")}>
                    <input
                      type="checkbox"
                      aria-label={selection.rowLabel(row.original)}
                      checked={row.getIsSelected()}
                      onChange={row.getToggleSelectedHandler()}
                    />
                  </td>
                )}
                {row.getAllCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={cn(pad, "align-middle", cell.column.id === "actions" ? cn(actionsCellClass, "group-hover:bg-slate-50") : "text-slate-800")}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
