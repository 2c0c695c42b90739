import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { requireRole } from "@/lib/auth/guards";
import { ExperienceForm } from "../_components/buyer-forms";
import { loadListing, type ListingPageProps } from "../load-listing";

export async function generateMetadata() {
  return { title: (await getTranslations("marketFlows"))("experienceTitle") };
}

/** 免费体验: the shared instance the ISV runs, handed out after the agreement is accepted. */
export default async function ExperiencePage(props: ListingPageProps) {
  const { listing, hasExperience } = await loadListing(props);
  await requireRole("buyer", `/market/${listing.id}/experience`);
  const t = await getTranslations("marketFlows");
  return (
    <section className="space-y-6">
      <p className="text-sm">
        <Link href={`/market/${listing.id}`} className="text-blue-700 hover:underline">
          ← {listing.name}
        </Link>
      </p>
      <PageHeader title={t("experienceHeading", { name: listing.name })} intro={t("experienceIntro")} />
      {hasExperience ? <ExperienceForm listingId={listing.id} /> : <p className="text-sm text-slate-600">{t("noExperience")}</p>}
    </section>
  );
}
