import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { industryLabels } from "@/lib/industries/queries";
import { PageHeader } from "@/components/shell/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requireRole } from "@/lib/auth/guards";
import { listPendingSubmissions } from "@/lib/reviews/queries";
import { marketQuerySchema } from "@/lib/reviews/schema";

export async function generateMetadata() {
  return { title: (await getTranslations("reviews"))("queueTitle") };
}

/** The operators' queue of pending submissions, oldest first. */
export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  await requireRole("operator");
  const { page } = marketQuerySchema.pick({ page: true }).parse(await searchParams);
  const t = await getTranslations("reviews");
  const names = industryLabels(await getLocale());
  const format = await getFormatter();
  const queue = listPendingSubmissions(page);
  const cell = "px-4 py-3 text-left";
  return (
    <section className="space-y-6">
      <PageHeader title={t("queueTitle")} intro={t("queueIntro")} />
      {queue.total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-slate-600">{t("queueEmpty")}</p>
      ) : (
        <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className={cell}>{t("name")}</th>
              <th className={cell}>{t("isv")}</th>
              <th className={cell}>{t("industry")}</th>
              <th className={cell}>{t("submitted")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {queue.rows.map((row) => (
              <tr key={row.id}>
                <td className={cell}>
                  <Link href={`/admin/reviews/${row.id}`} className="font-medium text-blue-700 hover:underline">
                    {row.material.name}
                  </Link>
                </td>
                <td className={cell}>{row.isv}</td>
                <td className={cell}>{names.industry(row.industry)}</td>
                <td className={cell}>{format.dateTime(row.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination
        page={page}
        hasNext={page < queue.pageCount}
        hrefFor={(p) => `/admin/reviews?page=${p}`}
        label={t("pagination")}
        previous={t("previous")}
        next={t("next")}
        status={t("queueStatus", { page, total: queue.total })}
      />
    </section>
  );
}
