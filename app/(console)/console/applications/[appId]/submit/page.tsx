import { BackLink } from "@/components/shell/back-link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { requireRole } from "@/lib/auth/guards";
import { NotFoundError } from "@/lib/errors";
import { SUMMARY_MAX } from "@/lib/reviews/schema";
import { listSpecs } from "@/lib/specs/queries";
import { SubmitWizard } from "./submit-wizard";
import { ClientMessages } from "@/components/shell/client-messages";

type Props = { params: Promise<{ appId: string }> };

export async function generateMetadata() {
  return { title: (await getTranslations("reviews"))("submitTitle") };
}

/** 提交审核: the wizard; the service refuses what the page does not prevent (another pending submission, untested specs). */
export default async function SubmitPage({ params }: Props) {
  const user = await requireRole("isv");
  const { appId } = await params;
  let app;
  try {
    app = getApplicationOrThrow(user.id, appId);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const t = await getTranslations("reviews");
  const tSpecs = await getTranslations("specs");
  const specs = listSpecs(app.id).map((s) => ({
    id: s.id,
    name: s.name,
    type: tSpecs(`types.${s.type}`),
    location: tSpecs(`locations.${s.location}`),
    description: s.description,
    status: s.status,
    listable: s.status === "tested" || s.status === "listed",
  }));
  return (
    <ClientMessages namespaces={["applications", "errors", "fileDrop", "reviews"]}>
      <section className="space-y-6">
        <BackLink href={`/console/applications/${app.id}?tab=review`}>{app.name}</BackLink>
        <PageHeader title={t("submitTitle")} intro={t("submitIntro")} />
        <SubmitWizard appId={app.id} appName={app.name} specs={specs} summaryMax={SUMMARY_MAX} />
      </section>
    </ClientMessages>
  );
}
