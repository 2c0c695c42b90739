import type { ReactNode } from "react";
import { cn } from "./cn";
import { tableBox, tableClass, thClass } from "./table-styles";

/**
 * The bordered table of a server-rendered list: translated column headers, the rows the caller
 * renders, and one full-width row saying why there are none.
 */
export function ListTable({ label, headers, empty, children }: { label: string; headers: ReactNode[]; empty: ReactNode | null; children: ReactNode }) {
  return (
    <div className={tableBox}>
      <table aria-label={label} className={tableClass}>
        <thead>
          <tr>
            {headers.map((header, i) => (
              <th key={i} scope="col" className={cn(thClass, "px-4 py-3")}>
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
