import { getTranslations } from "next-intl/server";
import { StepShell } from "../_components/step-shell";
import { OrderForm } from "../_components/buyer-forms";
import { loadListingStep, specChoices, type ListingPageProps } from "../load-listing";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("marketFlows"))("buyTitle") };
}

/** 购买: a spec and a term; the order waits for an operator to record the payment. */
export default async function BuyPage(props: ListingPageProps) {
  const { listing } = await loadListingStep(props, "buy");
  const t = await getTranslations("marketFlows");
  return (
    <ClientMessages namespaces={["deploy", "errors", "marketFlows"]}>
      <StepShell listing={listing} title={t("buyHeading", { name: listing.name })} intro={t("buyIntro")}>
        <OrderForm listingId={listing.id} specs={await specChoices(listing.specs.filter((s) => s.type !== "experience"))} />
      </StepShell>
    </ClientMessages>
  );
}
