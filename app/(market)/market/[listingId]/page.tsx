import { BackLink } from "@/components/shell/back-link";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { industryLabels } from "@/lib/industries/queries";
import { BomTable } from "@/components/catalog/bom-table";
import { billOfMaterials } from "@/lib/catalog/catalog";
import { MediaImage } from "@/components/reviews/spec-graph";
import { getListing } from "@/lib/reviews/queries";
import { ExperiencePanel } from "@/components/marketplace/experience-panel";
import { getCurrentUser } from "@/lib/auth/guards";
import { loadListing, priceLabels, type ListingPageProps } from "./load-listing";
import { ClientMessages } from "@/components/shell/client-messages";

const secondaryLink = "rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50";

export async function generateMetadata({ params }: ListingPageProps) {
  const found = getListing((await params).listingId);
  return { title: found?.listing.name ?? (await getTranslations("market"))("title") };
}

/**
 * The public intro page of a listing: what was approved, not the application as it is now.
 * 免费体验 opens while the shared experience instance runs; 7天试用 when a listed spec allows one.
 */
export default async function ListingPage(props: ListingPageProps) {
  const { listing, isv, hasExperience } = await loadListing(props);
  const viewer = await getCurrentUser();
  const t = await getTranslations("market");
  const tFlows = await getTranslations("marketFlows");
  const tSpecs = await getTranslations("specs");
  const format = await getFormatter();
  const names = industryLabels(await getLocale());
  const prices = new Map(await Promise.all(listing.specs.map(async (s) => [s.id, (await priceLabels(s)).map((p) => p.label).join(" · ")] as const)));
  const base = `/market/${listing.id}`;
  return (
    <ClientMessages namespaces={["dependencies", "deploy", "errors"]}>
      <article className="space-y-6">
        <BackLink href="/market">{t("title")}</BackLink>
        <header className="flex flex-wrap items-center gap-4">
          <MediaImage id={listing.logoId} alt={t("logoOf", { name: listing.name })} className="h-16 w-16 rounded border border-slate-200 object-contain" />
          <div className="flex-1">
            <h1 className="text-2xl font-semibold">{listing.name}</h1>
            <p className="text-sm text-slate-600">
              {t("byIsv", { isv })} · {names.industry(listing.industry)} / {names.scenario(listing.industry, listing.scenario)}
            </p>
          </div>
          <nav aria-label={tFlows("actions")} className="flex flex-wrap items-center gap-2">
            {hasExperience ? (
              <Link href={`${base}/experience`} className={secondaryLink}>
                {t("tags.experience")}
              </Link>
            ) : (
              <span
                aria-disabled="true"
                aria-describedby="no-experience"
                className="cursor-not-allowed rounded-md border border-dashed border-slate-300 bg-slate-100 px-4 py-2 text-sm font-medium text-slate-400"
              >
                {t("tags.experience")}
              </span>
            )}
            {listing.hasTrial && (
              <Link href={`${base}/trial`} className={secondaryLink}>
                {t("tags.trial")}
              </Link>
            )}
            <Link href={`${base}/buy`} className="rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700">
              {t("buy")}
            </Link>
          </nav>
        </header>
        {!hasExperience && (
          <p id="no-experience" className="-mt-3 text-right text-xs text-slate-500">
            {tFlows("noExperience")}
          </p>
        )}
        <p className="text-slate-700">{listing.summary}</p>
        {hasExperience && <p className="text-sm text-emerald-700">{t("experienceAvailable")}</p>}
        {listing.description && <p className="whitespace-pre-wrap text-sm text-slate-700">{listing.description}</p>}
        <div className="flex flex-wrap gap-3">
          {listing.introIds.map((id, i) => (
            <MediaImage key={id} id={id} alt={t("introN", { n: i + 1 })} className="max-h-80 rounded border border-slate-200" />
          ))}
        </div>
        <h2 className="text-lg font-medium">{t("specs")}</h2>
        <ul className="grid gap-4 md:grid-cols-2">
          {listing.specs.map((s) => (
            <li key={s.id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
              <p className="font-medium">{s.name}</p>
              <p className="text-slate-600">
                {tSpecs(`types.${s.type}`)} · {tSpecs(`locations.${s.location}`)}
                {s.allowTrial && ` · ${t("tags.trial")}`}
              </p>
              <p>{s.description}</p>
              <p className="font-medium">{prices.get(s.id) || t("free")}</p>
              <BomTable lines={billOfMaterials(s.graph)} />
            </li>
          ))}
        </ul>
        <p className="text-xs text-slate-500">{t("publishedAt", { at: format.dateTime(listing.publishedAt, { dateStyle: "medium" }) })}</p>
        {viewer?.roles.includes("operator") && (
          <section aria-labelledby="operator-experience" className="space-y-4 border-t border-slate-200 pt-6">
            <h2 id="operator-experience" className="text-lg font-medium">
              {tFlows("operatorExperience")}
            </h2>
            <ExperiencePanel user={viewer} appId={listing.applicationId} />
          </section>
        )}
      </article>
    </ClientMessages>
  );
}
