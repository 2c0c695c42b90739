import Link from "next/link";

/**
 * Page links for a list paged on the server; `hrefFor` keeps the rest of the URL's state.
 * Renders nothing for a single page.
 */
export function Pagination({
  page,
  pageCount,
  hrefFor,
  label,
  previous,
  next,
  status,
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  label: string;
  previous: string;
  next: string;
  /** e.g. "Page 2 of 9 · 180 items", already translated. */
  status: string;
}) {
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";
  const disabled = "rounded-md border border-slate-200 px-3 py-1.5 text-slate-400";
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-4 text-sm text-slate-600">
      <span>{status}</span>
      {pageCount > 1 && (
        <span className="flex gap-2">
          {page > 1 ? (
            <Link href={hrefFor(page - 1)} className={link} rel="prev">
              {previous}
            </Link>
          ) : (
            <span className={disabled} aria-disabled="true">
              {previous}
            </span>
          )}
          {page < pageCount ? (
            <Link href={hrefFor(page + 1)} className={link} rel="next">
              {next}
            </Link>
          ) : (
            <span className={disabled} aria-disabled="true">
              {next}
            </span>
          )}
        </span>
      )}
    </nav>
  );
}
