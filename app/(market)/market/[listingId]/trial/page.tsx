import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { trialOf } from "@/lib/marketplace/queries";
import { StepShell } from "../_components/step-shell";
import { TrialForm } from "../_components/buyer-forms";
import { loadListingStep, specChoices, type ListingPageProps } from "../load-listing";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("marketFlows"))("trialTitle") };
}

/** 7天试用: choose one of the listed specs that allow a trial. */
export default async function TrialPage(props: ListingPageProps) {
  const { listing, buyer } = await loadListingStep(props, "trial");
  const t = await getTranslations("marketFlows");
  const specs = await specChoices(listing.specs.filter((s) => s.allowTrial));
  const used = trialOf(buyer, listing.id);
  const current = used?.app?.status === "active" ? used.app : null;
  return (
    <ClientMessages namespaces={["deploy", "errors", "marketFlows"]}>
      <StepShell listing={listing} title={t("trialHeading", { name: listing.name })} intro={t("trialIntro")}>
        {current ? (
          <p role="status" className="rounded-md bg-blue-50 px-4 py-3 text-sm text-blue-900">
            {t.rich("trialRunning", {
              name: current.name,
              link: (chunks) => (
                <Link href={`/workbench/apps/${current.id}`} className="underline">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        ) : used ? (
          <p role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
            {t.rich("trialUsedUp", {
              link: (chunks) => (
                <Link href={`/market/${listing.id}/buy`} className="underline">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        ) : specs.length ? (
          <>
            <p className="max-w-2xl rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{t("trialOnce")}</p>
            <TrialForm listingId={listing.id} specs={specs} />
          </>
        ) : (
          <p className="text-sm text-slate-600">{t("noTrialSpecs")}</p>
        )}
      </StepShell>
    </ClientMessages>
  );
}
