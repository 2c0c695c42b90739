import { TabNav } from "@/components/shell/tab-nav";
import { BackLink } from "@/components/shell/back-link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { isPublished } from "@/lib/applications/service";
import { requireRole } from "@/lib/auth/guards";
import { NotFoundError } from "@/lib/errors";
import { industryLabels, industryOptions } from "@/lib/industries/queries";
import { listSpecs, pricePlanOf } from "@/lib/specs/queries";
import { ReviewBadge } from "../_components/review-badge";
import { ApplicationActions } from "./_components/application-actions";
import { ExperiencePanel } from "@/components/marketplace/experience-panel";
import { ReviewPanel } from "./_components/review-panel";
import { SpecsPanel } from "./_components/specs-panel";
import { latestDeployTest } from "@/lib/deploy/deploy-test";
import { ClientMessages } from "@/components/shell/client-messages";

const TABS = ["basic", "specs", "review", "experience"] as const;
type Props = { params: Promise<{ appId: string }>; searchParams: Promise<Record<string, string | string[]>> };

/** Another ISV's application is a 404, exactly like a missing one. */
function loadApplication(ownerId: string, appId: string) {
  try {
    return getApplicationOrThrow(ownerId, appId);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props) {
  const user = await requireRole("isv");
  return { title: loadApplication(user.id, (await params).appId).name };
}

export default async function ApplicationPage({ params, searchParams }: Props) {
  const user = await requireRole("isv");
  const app = loadApplication(user.id, (await params).appId);
  const requested = (await searchParams).tab;
  const tab = TABS.find((x) => x === requested) ?? "basic";
  const t = await getTranslations("applications");
  const format = await getFormatter();
  const specs = listSpecs(app.id);
  const locale = await getLocale();
  const names = industryLabels(locale);

  return (
    <ClientMessages namespaces={["applications", "deploy", "deployTest", "errors", "fileDrop", "specs"]}>
      <section className="space-y-6">
        <BackLink href="/console/applications">{t("title")}</BackLink>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="flex items-center gap-3">
            <h1 className="text-2xl font-semibold">{app.name}</h1>
            <ReviewBadge status={app.reviewStatus} label={t(`reviewStatuses.${app.reviewStatus}`)} />
          </div>
          <ApplicationActions
            app={{ id: app.id, name: app.name, industry: app.industry, scenario: app.scenario, description: app.description }}
            published={isPublished(app)}
            industries={industryOptions(locale)}
          />
        </div>
        <TabNav
          label={t("tabs")}
          current={tab}
          tabs={TABS.map((key) => ({ key, href: `/console/applications/${app.id}?tab=${key}`, label: `${t(`tab.${key}`)}${key === "specs" ? ` (${specs.length})` : ""}` }))}
        />
        {tab === "basic" && (
          <dl className="grid max-w-3xl grid-cols-[10rem_1fr] gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-6 text-sm">
            {(
              [
                ["name", app.name],
                ["industry", names.industry(app.industry)],
                ["scenario", names.scenario(app.industry, app.scenario)],
                ["description", app.description || "—"],
                ["created", format.dateTime(app.createdAt, { dateStyle: "medium", timeStyle: "short" })],
                ["updated", format.dateTime(app.updatedAt, { dateStyle: "medium", timeStyle: "short" })],
              ] as const
            ).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{t(k)}</dt>
                <dd className="whitespace-pre-wrap">{v}</dd>
              </div>
            ))}
          </dl>
        )}
        {tab === "specs" && (
          <SpecsPanel
            appId={app.id}
            specs={specs.map((s) => ({
              id: s.id,
              type: s.type,
              location: s.location,
              name: s.name,
              description: s.description,
              allowTrial: s.allowTrial,
              status: s.status,
              pricePlan: pricePlanOf(s),
              unresolvedImages: s.unresolvedImages,
              simulatedTest: s.status !== "tested" && s.status !== "listed" && latestDeployTest(user.id, s.id)?.target.simulated === true,
              updatedAt: s.updatedAt.toISOString(),
            }))}
          />
        )}
        {tab === "review" && <ReviewPanel ownerId={user.id} app={app} specs={specs} />}
        {tab === "experience" && <ExperiencePanel user={user} appId={app.id} />}
      </section>
    </ClientMessages>
  );
}
