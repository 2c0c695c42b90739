import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { requireRole } from "@/lib/auth/guards";
import { TrialForm } from "../_components/buyer-forms";
import { loadListing, specChoices, type ListingPageProps } from "../load-listing";

export async function generateMetadata() {
  return { title: (await getTranslations("marketFlows"))("trialTitle") };
}

/** 7天试用: choose one of the listed specs that allow a trial. */
export default async function TrialPage(props: ListingPageProps) {
  const { listing } = await loadListing(props);
  await requireRole("buyer", `/market/${listing.id}/trial`);
  const t = await getTranslations("marketFlows");
  const specs = await specChoices(listing.specs.filter((s) => s.allowTrial));
  return (
    <section className="space-y-6">
      <p className="text-sm">
        <Link href={`/market/${listing.id}`} className="text-blue-700 hover:underline">
          ← {listing.name}
        </Link>
      </p>
      <PageHeader title={t("trialHeading", { name: listing.name })} intro={t("trialIntro")} />
      {specs.length ? <TrialForm listingId={listing.id} specs={specs} /> : <p className="text-sm text-slate-600">{t("noTrialSpecs")}</p>}
    </section>
  );
}
