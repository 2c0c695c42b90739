import Link from "next/link";

/** Previous/next links for a list paged on the server; `hrefFor` keeps the rest of the URL's state. */
export function Pagination({
  page,
  hasNext,
  hrefFor,
  label,
  previous,
  next,
  status,
}: {
  page: number;
  hasNext: boolean;
  hrefFor: (page: number) => string;
  label: string;
  previous: string;
  next: string;
  /** e.g. "Page 2 · 180 in total", already translated. */
  status: string;
}) {
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";
  const disabled = "rounded-md border border-slate-200 px-3 py-1.5 text-slate-400";
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-4 text-sm text-slate-600">
      <span>{status}</span>
      {(page > 1 || hasNext) && (
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
          {hasNext ? (
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
