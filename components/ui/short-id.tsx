"use client";
import { useToast } from "./toast";

/** "3f9a…_meter-1": the head and tail of a long ID; the whole one is in the title and the copy. */
export function shorten(value: string, head = 4, tail = 8): string {
  return value.length <= head + tail + 1 ? value : `${value.slice(0, head)}…${value.slice(-tail)}`;
}

/**
 * A long ID in a table cell: shown short in monospace, the full value on hover (title), and a
 * button copying the full value. The caller translates the button's name and the toast.
 */
export function ShortId({ value, copyLabel, copied }: { value: string; copyLabel: string; copied: string }) {
  const toast = useToast();
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <code title={value} className="font-mono text-xs text-slate-700">
        {shorten(value)}
      </code>
      <button
        type="button"
        aria-label={copyLabel}
        title={copyLabel}
        onClick={() => navigator.clipboard?.writeText(value).then(() => toast.show(copied))}
        className="inline-flex size-6 items-center justify-center rounded border border-slate-300 bg-white text-slate-500 hover:bg-slate-50 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        <svg aria-hidden viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
          <path d="M10.5 3.5v-1a1 1 0 0 0-1-1h-7a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h1" />
        </svg>
      </button>
    </span>
  );
}
