import Link from "next/link";

/** Previous / next links that keep the other URL parameters; the text is the caller's. */
export function Pagination({
  page,
  pageCount,
  hrefFor,
  summary,
  previousLabel,
  nextLabel,
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  summary: string;
  previousLabel: string;
  nextLabel: string;
}) {
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50";
  const disabled = "rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-400";
  return (
    <nav aria-label={summary} className="flex items-center justify-between gap-4 text-sm text-slate-600">
      <span>{summary}</span>
      <span className="flex gap-2">
        {page > 1 ? <Link className={link} href={hrefFor(page - 1)} rel="prev">{previousLabel}</Link> : <span className={disabled}>{previousLabel}</span>}
        {page < pageCount ? <Link className={link} href={hrefFor(page + 1)} rel="next">{nextLabel}</Link> : <span className={disabled}>{nextLabel}</span>}
      </span>
    </nav>
  );
}
