import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { BomTable } from "@/components/catalog/bom-table";
import { billOfMaterials } from "@/lib/catalog/catalog";
import { MediaImage } from "@/components/reviews/spec-graph";
import { getListing } from "@/lib/reviews/queries";
import { pricePlanOf } from "@/lib/specs/queries";

type Props = { params: Promise<{ listingId: string }> };

export async function generateMetadata({ params }: Props) {
  const found = getListing((await params).listingId);
  return { title: found?.listing.name ?? (await getTranslations("market"))("title") };
}

/**
 * The public intro page of a listing: what was approved, not the application as it is now. The
 * experience, trial and purchase buttons are wired by the marketplace-flows issue (8); until then
 * they are shown disabled and say so.
 */
export default async function ListingPage({ params }: Props) {
  const found = getListing((await params).listingId);
  if (!found) notFound();
  const { listing, isv, hasExperience } = found;
  const t = await getTranslations("market");
  const tSpecs = await getTranslations("specs");
  const format = await getFormatter();
  const price = (s: (typeof listing.specs)[number]) => {
    const plan = pricePlanOf(s);
    if (!plan) return t("free");
    const money = (n: number) => format.number(n, { style: "currency", currency: plan.currency });
    return [plan.perMonth !== null && tSpecs("perMonth", { price: money(plan.perMonth) }), plan.perYear !== null && tSpecs("perYear", { price: money(plan.perYear) })].filter(Boolean).join(" · ");
  };
  return (
    <article className="space-y-6">
      <p className="text-sm">
        <Link href="/market" className="text-blue-700 hover:underline">
          ← {t("title")}
        </Link>
      </p>
      <header className="flex flex-wrap items-center gap-4">
        <MediaImage id={listing.logoId} alt={t("logoOf", { name: listing.name })} className="h-16 w-16 rounded border border-slate-200 object-contain" />
        <div className="flex-1">
          <h1 className="text-2xl font-semibold">{listing.name}</h1>
          <p className="text-sm text-slate-600">
            {t("byIsv", { isv })} · {listing.industry} / {listing.scenario}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {/* Wired by issue 8 (marketplace flows): shown, but not clickable yet. */}
          <button type="button" disabled title={t("coming")} className="rounded-md border border-slate-200 px-4 py-2 text-sm text-slate-400">
            {t("tags.experience")}
          </button>
          <button type="button" disabled title={t("coming")} className="rounded-md border border-slate-200 px-4 py-2 text-sm text-slate-400">
            {t("tags.trial")}
          </button>
          <button type="button" disabled title={t("coming")} className="rounded-md bg-blue-300 px-4 py-2 text-sm text-white">
            {t("buy")}
          </button>
          <span className="w-full text-right text-xs text-slate-500">{t("comingNote")}</span>
        </div>
      </header>
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
            <p className="font-medium">{price(s)}</p>
            <BomTable lines={billOfMaterials(s.graph)} />
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">{t("publishedAt", { at: format.dateTime(listing.publishedAt, { dateStyle: "medium" }) })}</p>
    </article>
  );
}
