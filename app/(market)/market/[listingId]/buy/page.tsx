import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { requireRole } from "@/lib/auth/guards";
import { OrderForm } from "../_components/buyer-forms";
import { loadListing, specChoices, type ListingPageProps } from "../load-listing";

export async function generateMetadata() {
  return { title: (await getTranslations("marketFlows"))("buyTitle") };
}

/** 购买: a spec and a term; the order waits for an operator to record the payment. */
export default async function BuyPage(props: ListingPageProps) {
  const { listing } = await loadListing(props);
  await requireRole("buyer", `/market/${listing.id}/buy`);
  const t = await getTranslations("marketFlows");
  return (
    <section className="space-y-6">
      <p className="text-sm">
        <Link href={`/market/${listing.id}`} className="text-blue-700 hover:underline">
          ← {listing.name}
        </Link>
      </p>
      <PageHeader title={t("buyHeading", { name: listing.name })} intro={t("buyIntro")} />
      <OrderForm listingId={listing.id} specs={await specChoices(listing.specs.filter((s) => s.type !== "experience"))} />
    </section>
  );
}
