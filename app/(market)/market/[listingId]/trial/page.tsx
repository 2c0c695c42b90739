import { getTranslations } from "next-intl/server";
import { StepShell } from "../_components/step-shell";
import { TrialForm } from "../_components/buyer-forms";
import { loadListingStep, specChoices, type ListingPageProps } from "../load-listing";

export async function generateMetadata() {
  return { title: (await getTranslations("marketFlows"))("trialTitle") };
}

/** 7天试用: choose one of the listed specs that allow a trial. */
export default async function TrialPage(props: ListingPageProps) {
  const { listing } = await loadListingStep(props, "trial");
  const t = await getTranslations("marketFlows");
  const specs = await specChoices(listing.specs.filter((s) => s.allowTrial));
  return (
    <StepShell listing={listing} title={t("trialHeading", { name: listing.name })} intro={t("trialIntro")}>
      {specs.length ? <TrialForm listingId={listing.id} specs={specs} /> : <p className="text-sm text-slate-600">{t("noTrialSpecs")}</p>}
    </StepShell>
  );
}
