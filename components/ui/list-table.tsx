import type { ReactNode } from "react";

/**
 * The bordered table of a server-rendered list: translated column headers, the rows the caller
 * renders, and one full-width row saying why there are none.
 */
export function ListTable({ label, headers, empty, children }: { label: string; headers: ReactNode[]; empty: ReactNode | null; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            {headers.map((header, i) => (
              <th key={i} scope="col" className="px-4 py-3 font-medium">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {empty !== null ? (
            <tr>
              <td colSpan={headers.length} className="px-4 py-10 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}
