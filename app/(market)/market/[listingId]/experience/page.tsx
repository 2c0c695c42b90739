import { getTranslations } from "next-intl/server";
import { isSimulatedTarget } from "@/lib/deploy/queries";
import { experienceInstance } from "@/lib/marketplace/experience";
import { StepShell } from "../_components/step-shell";
import { ExperienceForm } from "../_components/buyer-forms";
import { loadListingStep, type ListingPageProps } from "../load-listing";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("marketFlows"))("experienceTitle") };
}

/** 免费体验: the shared instance the ISV runs, handed out after the agreement is accepted. */
export default async function ExperiencePage(props: ListingPageProps) {
  const { listing, hasExperience } = await loadListingStep(props, "experience");
  const t = await getTranslations("marketFlows");
  const instance = hasExperience ? experienceInstance(listing) : undefined;
  return (
    <ClientMessages namespaces={["deploy", "errors", "marketFlows"]}>
      <StepShell listing={listing} title={t("experienceHeading", { name: listing.name })} intro={t("experienceIntro")}>
        {hasExperience ? <ExperienceForm listingId={listing.id} simulated={instance ? isSimulatedTarget(instance.targetId) : false} /> : <p className="text-sm text-slate-600">{t("noExperience")}</p>}
      </StepShell>
    </ClientMessages>
  );
}
