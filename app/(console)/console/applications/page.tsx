import Form from "next/form";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { REVIEW_STATUSES } from "@/db/enums";
import { listApplications } from "@/lib/applications/queries";
import { applicationListQuerySchema, type ApplicationListQuery } from "@/lib/applications/schema";
import { requireRole } from "@/lib/auth/guards";
import { industryLabels, industryOptions } from "@/lib/industries/queries";
import { listHref } from "@/lib/list-url";
import { NewApplicationButton } from "./_components/new-application-button";
import { ReviewBadge } from "./_components/review-badge";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("applications"))("title") };
}

function hrefWith(query: ApplicationListQuery, change: Partial<ApplicationListQuery>): string {
  return listHref("/console/applications", { ...query, ...change });
}

export default async function ApplicationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const user = await requireRole("isv");
  const query = applicationListQuerySchema.parse(await searchParams);
  const page = listApplications(user.id, query);
  const t = await getTranslations("applications");
  const locale = await getLocale();
  const names = industryLabels(locale);
  const format = await getFormatter();
  const th = "px-4 py-3 text-left font-medium text-slate-600";

  return (
    <ClientMessages namespaces={["applications", "errors"]}>
      <section className="space-y-6">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold">{t("title")}</h1>
            <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("intro")}</p>
          </div>
          <NewApplicationButton industries={industryOptions(locale)} />
        </div>
        <Form action="/console/applications" role="search" className="flex flex-wrap items-end gap-3">
          <div className="w-64">
            <Input label={t("searchLabel")} name="q" type="search" defaultValue={query.q} />
          </div>
          <div className="w-48">
            <Select
              label={t("reviewStatus")}
              name="status"
              defaultValue={query.status ?? ""}
              placeholder={t("allStatuses")}
              options={REVIEW_STATUSES.map((s) => ({ value: s, label: t(`reviewStatuses.${s}`) }))}
            />
          </div>
          <Button type="submit" variant="secondary">
            {t("search")}
          </Button>
        </Form>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table aria-label={t("title")} className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50">
              <tr>
                {(["name", "industry", "scenario", "reviewStatus", "specCount", "updated"] as const).map((k) => (
                  <th key={k} scope="col" className={th}>
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.applications.length === 0 && (
                <tr>
                  <td colSpan={6} className="px-4 py-10 text-center text-slate-500">
                    {query.q || query.status ? t("noMatch") : t("empty")}
                  </td>
                </tr>
              )}
              {page.applications.map((app) => (
                <tr key={app.id} className="hover:bg-slate-50">
                  <td className="px-4 py-3 font-medium">
                    <Link href={`/console/applications/${app.id}`} className="text-blue-700 hover:underline">
                      {app.name}
                    </Link>
                  </td>
                  <td className="px-4 py-3">{names.industry(app.industry)}</td>
                  <td className="px-4 py-3">{names.scenario(app.industry, app.scenario)}</td>
                  <td className="px-4 py-3">
                    <ReviewBadge status={app.reviewStatus} label={t(`reviewStatuses.${app.reviewStatus}`)} />
                  </td>
                  <td className="px-4 py-3">{app.specCount}</td>
                  <td className="px-4 py-3">{format.dateTime(app.updatedAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {page.total > 0 && (
          <Pagination
            page={query.page}
            hasNext={query.page < page.pageCount}
            hrefFor={(p) => hrefWith(query, { page: p })}
            label={t("pagination")}
            status={t("pageOf", { page: query.page, pageCount: page.pageCount, total: page.total })}
            previous={t("previous")}
            next={t("next")}
          />
        )}
      </section>
    </ClientMessages>
  );
}
