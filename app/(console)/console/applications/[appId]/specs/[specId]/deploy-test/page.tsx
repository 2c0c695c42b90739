import { BackLink } from "@/components/shell/back-link";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { sameDeployment } from "@/lib/catalog/compare";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { deployProblems, latestDeployTest } from "@/lib/deploy/deploy-test";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { targetForLocation } from "@/lib/deploy/service";
import { loadSpec, type SpecPageProps } from "../load-spec";
import { instanceLabels } from "@/components/deploy/instance-labels";
import { InstancePanel } from "@/components/deploy/instance-panel";
import { startDeployTestAction, uninstallDeployTestAction } from "./actions";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata(props: SpecPageProps) {
  const { spec } = await loadSpec(props);
  return { title: `${spec.name} · ${(await getTranslations("deployTest"))("title")}` };
}

/** 部署测试: install the spec for real, see it work, delete the instance; success marks it tested. */
export default async function DeployTestPage(props: SpecPageProps) {
  const { spec, application, user } = await loadSpec(props);
  const t = await getTranslations("deployTest");
  const tProblems = await getTranslations("graphProblems");
  const problems = deployProblems(user.id, spec.graph);
  const target = targetForLocation(spec.location);
  const latest = latestDeployTest(user.id, spec.id);
  const initial = latest ? deploymentToJson(getDeploymentOrThrow(user, latest.id)) : null;

  return (
    <ClientMessages namespaces={["deploy", "errors"]}>
      <section className="space-y-6">
        <BackLink href={`/console/applications/${application.id}?tab=specs`}>{application.name}</BackLink>
        <PageHeader title={t("heading", { name: spec.name })} intro={t("intro")} />
        <p className="text-sm text-slate-700">
          {spec.status === "tested" || spec.status === "listed" ? t("tested") : t("notTested")}{" "}
          {target ? t("target", { name: target.name }) : t("noTarget")}
          {target?.provider === "sandbox" && <span className="ml-2 rounded bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">{t("simulated")}</span>}
        </p>
        {target?.provider === "sandbox" && <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">{t("simulatedNotCounted")}</p>}
        {latest && !["failed", "deleted"].includes(latest.status) && !sameDeployment(latest.graph, spec.graph) && (
          <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">{t("graphChanged")}</p>
        )}
        {problems.length > 0 && (
          <div role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
            <p className="font-medium">{t("problems")}</p>
            <ul className="mt-1 list-disc pl-5">
              {problems.map((p, i) => (
                <li key={i}>{tProblems(p.code, { node: p.nodeId ?? "", detail: p.detail ?? "" })}</li>
              ))}
            </ul>
            <Link href={`/console/applications/${application.id}/specs/${spec.id}/dependencies`} className="mt-2 inline-block text-blue-700 hover:underline">
              {t("editDependencies")}
            </Link>
          </div>
        )}
        <InstancePanel
          labels={await instanceLabels("deployTest")}
          initial={initial}
          nodes={spec.graph.nodes}
          canStart={problems.length === 0 && target !== null}
          start={startDeployTestAction.bind(null, spec.id)}
          uninstall={uninstallDeployTestAction}
        />
      </section>
    </ClientMessages>
  );
}
