import "server-only";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { moneyFormatter } from "@/components/marketplace/money";
import type { ListedSpec } from "@/db/schema";
import { requireRole } from "@/lib/auth/guards";
import { getListing } from "@/lib/reviews/queries";
import type { SpecChoice } from "./_components/buyer-forms";

export type ListingPageProps = { params: Promise<{ listingId: string }> };

export async function loadListing({ params }: ListingPageProps) {
  const found = getListing((await params).listingId);
  if (!found) notFound();
  return found;
}

/** A buyer's step from the intro page (trial, buy, experience); visitors log in and come back. */
export async function loadListingStep(props: ListingPageProps, step: "trial" | "buy" | "experience") {
  const found = await loadListing(props);
  const buyer = await requireRole("buyer", `/market/${found.listing.id}/${step}`);
  return { ...found, buyer };
}

/** A listed spec's price plan in words: "¥99.00/月 · ¥999.00/年", or "免费". */
export async function priceLabels(spec: ListedSpec) {
  const t = await getTranslations("specs");
  const format = await moneyFormatter();
  const money = (cents: number) => format(cents, spec.currency);
  const prices: SpecChoice["prices"] = [];
  if (spec.priceMonthly !== null) prices.push({ term: "monthly", label: t("perMonth", { price: money(spec.priceMonthly) }) });
  if (spec.priceYearly !== null) prices.push({ term: "yearly", label: t("perYear", { price: money(spec.priceYearly) }) });
  return prices;
}

export async function specChoices(specs: ListedSpec[]): Promise<SpecChoice[]> {
  const t = await getTranslations("specs");
  return Promise.all(
    specs.map(async (s) => {
      const prices = await priceLabels(s);
      return { id: s.id, name: s.name, kind: `${t(`types.${s.type}`)} · ${t(`locations.${s.location}`)}`, description: s.description, prices, free: prices.length === 0 };
    }),
  );
}
