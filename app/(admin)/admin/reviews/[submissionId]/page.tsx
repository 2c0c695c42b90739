import { BackLink } from "@/components/shell/back-link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { industryLabels } from "@/lib/industries/queries";
import { BomTable } from "@/components/catalog/bom-table";
import { billOfMaterials } from "@/lib/catalog/catalog";
import { MediaImage, SpecGraph } from "@/components/reviews/spec-graph";
import { REJECT_REASONS } from "@/db/schema";
import { requireRole } from "@/lib/auth/guards";
import { NotFoundError } from "@/lib/errors";
import { getSubmissionForReview } from "@/lib/reviews/queries";
import { DecisionForm } from "../decision-form";
import { ClientMessages } from "@/components/shell/client-messages";

type Props = { params: Promise<{ submissionId: string }> };

function load(id: string) {
  try {
    return getSubmissionForReview(id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props) {
  await requireRole("operator");
  return { title: load((await params).submissionId).submission.material.name };
}

/** One submission: all its material, each chosen spec's graph and last deploy test, and the decision. */
export default async function SubmissionPage({ params }: Props) {
  await requireRole("operator");
  const { submission: sub, application: app, isv, specs } = load((await params).submissionId);
  const t = await getTranslations("reviews");
  const names = industryLabels(await getLocale());
  const tDeploy = await getTranslations("deploy");
  const tSpecs = await getTranslations("specs");
  const format = await getFormatter();
  const m = sub.material;
  return (
    <ClientMessages namespaces={["applications", "dependencies", "errors", "reviews"]}>
      <section className="space-y-6">
        <BackLink href="/admin/reviews">{t("queueTitle")}</BackLink>
        <div className="flex items-center gap-4">
          <MediaImage id={m.logoId} alt={t("logo")} className="h-16 w-16 rounded border border-slate-200 object-contain" />
          <div>
            <h1 className="text-2xl font-semibold">{m.name}</h1>
            <p className="text-sm text-slate-600">
              {isv} · {names.industry(app.industry)} / {names.scenario(app.industry, app.scenario)} · {t(`statuses.${sub.status}`)} · {format.dateTime(sub.createdAt, { dateStyle: "medium", timeStyle: "short" })}
            </p>
          </div>
        </div>
        <dl className="grid max-w-4xl grid-cols-[10rem_1fr] gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-6 text-sm">
          <dt className="text-slate-500">{t("summary")}</dt>
          <dd>{m.summary}</dd>
          <dt className="text-slate-500">{t("description")}</dt>
          <dd className="whitespace-pre-wrap">{app.description || "—"}</dd>
          <dt className="text-slate-500">{t("showcase")}</dt>
          <dd>
            <MediaImage id={m.showcaseId} alt={t("showcase")} className="max-h-48 rounded border border-slate-200" />
          </dd>
          <dt className="text-slate-500">{t("intro")}</dt>
          <dd className="flex flex-wrap gap-2">
            {m.introIds.map((id, i) => (
              <MediaImage key={id} id={id} alt={t("introN", { n: i + 1 })} className="max-h-48 rounded border border-slate-200" />
            ))}
          </dd>
        </dl>
        <h2 className="text-lg font-medium">{t("chosenSpecs")}</h2>
        <ul className="space-y-4">
          {specs.map(({ spec, test }) => (
            <li key={spec.id} aria-label={spec.name} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
              <p className="font-medium">
                {spec.name} · {tSpecs(`types.${spec.type}`)} · {tSpecs(`locations.${spec.location}`)} · {tSpecs(`statuses.${spec.status}`)}
              </p>
              <p className="text-sm text-slate-600">{spec.description}</p>
              <SpecGraph graph={spec.graph} label={t("graph")} emptyLabel={t("graphEmpty")} />
              <p className="text-sm">
                {t("deployTest")}:{" "}
                {test?.target.simulated
                  ? t("testSimulated", { target: test.target.name, at: format.dateTime(test.updatedAt, { dateStyle: "medium", timeStyle: "short" }) })
                  : test?.status === "deleted" && !test.failureMessage && !test.failedNodeId
                  ? t("testPassed", { target: test.target.name, at: format.dateTime(test.updatedAt, { dateStyle: "medium", timeStyle: "short" }) })
                  : test
                  ? `${tDeploy(`statuses.${test.status}`)} · ${format.dateTime(test.updatedAt, { dateStyle: "medium", timeStyle: "short" })}${test.failureMessage ? ` · ${test.failureMessage}` : ""}`
                  : t("noDeployTest")}
              </p>
              <BomTable lines={billOfMaterials(spec.graph)} />
            </li>
          ))}
        </ul>
        {sub.status === "pending" ? <DecisionForm submissionId={sub.id} reasons={REJECT_REASONS} /> : <p className="text-sm text-slate-600">{t("alreadyDecided")}</p>}
      </section>
    </ClientMessages>
  );
}
