import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { listHref } from "@/lib/list-url";
import { MediaImage } from "@/components/reviews/spec-graph";
import { Pagination } from "@/components/ui/pagination";
import { MarketFilters } from "@/components/marketplace/market-filters";
import { industryLabels, industryOptions } from "@/lib/industries/queries";
import { listMarket } from "@/lib/reviews/queries";
import { marketQuerySchema, type MarketQuery } from "@/lib/reviews/schema";

export async function generateMetadata() {
  return { title: (await getTranslations("market"))("title") };
}

function hrefWith(query: MarketQuery, change: Partial<MarketQuery>): string {
  return listHref("/market", { ...query, ...change });
}

// Public: anyone may browse the marketplace; taking an app needs an account.
export default async function MarketPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const query = marketQuerySchema.parse(await searchParams);
  const page = listMarket(query);
  const t = await getTranslations("market");
  const locale = await getLocale();
  const industries = industryOptions(locale);
  const names = industryLabels(locale);
  const filtered = Boolean(query.q || query.industry || query.scenario || query.tag);
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("intro")}</p>
      </div>
      <MarketFilters
        values={{ q: query.q ?? "", industry: query.industry ?? "", scenario: query.scenario ?? "", tag: query.tag ?? "" }}
        industries={industries.map((i) => ({ name: i.name, label: i.label, scenarios: i.scenarios.map((s) => ({ value: s, label: i.scenarioLabels[s] })) }))}
        labels={{
          search: t("search"),
          industry: t("industry"),
          scenario: t("scenario"),
          tag: t("tag"),
          all: t("all"),
          apply: t("apply"),
          tags: [
            { value: "experience", label: t("tags.experience") },
            { value: "trial", label: t("tags.trial") },
          ],
        }}
      />
      {page.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-slate-600">{filtered ? t("noMatch") : t("empty")}</p>
      ) : (
        <ul aria-label={t("results")} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {page.rows.map((row) => (
            <li key={row.id} className="overflow-hidden rounded-lg border border-slate-200 bg-white">
              <Link href={`/market/${row.id}`} className="block hover:bg-slate-50">
                <MediaImage id={row.showcaseId} alt="" className="aspect-video w-full bg-slate-100 object-cover" />
                <div className="space-y-2 p-4">
                  <h2 className="font-medium text-slate-900">{row.name}</h2>
                  <p className="text-sm text-slate-600">{row.summary}</p>
                  <p className="flex flex-wrap gap-2 text-xs">
                    <span className="rounded bg-slate-100 px-2 py-0.5 text-slate-700">
                      {names.industry(row.industry)} / {names.scenario(row.industry, row.scenario)}
                    </span>
                    {row.hasExperience && <span className="rounded bg-emerald-50 px-2 py-0.5 text-emerald-700">{t("tags.experience")}</span>}
                    {row.hasTrial && <span className="rounded bg-blue-50 px-2 py-0.5 text-blue-700">{t("tags.trial")}</span>}
                  </p>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={query.page}
        hasNext={query.page < page.pageCount}
        hrefFor={(p) => hrefWith(query, { page: p })}
        label={t("pagination")}
        previous={t("previous")}
        next={t("next")}
        status={t("pageOf", { page: query.page, pageCount: page.pageCount, total: page.total })}
      />
    </section>
  );
}
