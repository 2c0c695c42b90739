import { TabNav } from "@/components/shell/tab-nav";
import { BackLink } from "@/components/shell/back-link";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { BomTable } from "@/components/catalog/bom-table";
import { Outputs } from "@/components/deploy/deployment-progress";
import { instanceLabels } from "@/components/deploy/instance-labels";
import { InstancePanel } from "@/components/deploy/instance-panel";
import { requireRole } from "@/lib/auth/guards";
import { billOfMaterials } from "@/lib/catalog/catalog";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { NotFoundError } from "@/lib/errors";
import { getMyApp } from "@/lib/marketplace/queries";
import type { User } from "@/db/schema";
import { deployMyAppAction, uninstallMyAppAction } from "../actions";
import { MyAppMenu } from "../_components/my-app-menu";
import { StartDeployButton } from "../_components/setup-panel";
import { AppKeyPanel } from "../_components/app-key-panel";
import { BoundDevices } from "../_components/bound-devices";
import { StateBadge } from "../_components/state-badge";
import { publicUrl } from "@/lib/env";
import { ClientMessages } from "@/components/shell/client-messages";

const TABS = ["overview", "setup", "access", "integration", "outputs", "devices"] as const;
type Props = { params: Promise<{ appId: string }>; searchParams: Promise<Record<string, string | string[]>> };

/** Another buyer's app is a 404, exactly like a missing one. */
function load(user: User, id: string) {
  try {
    return getMyApp(user, id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props) {
  const user = await requireRole("buyer");
  return { title: load(user, (await params).appId).app.name };
}

export default async function MyAppPage({ params, searchParams }: Props) {
  const user = await requireRole("buyer");
  const { app, listing, endingSoon, expired } = load(user, (await params).appId);
  const requested = (await searchParams).tab;
  const tab = TABS.find((x) => x === requested) ?? "overview";
  const t = await getTranslations("myApps");
  const tSpecs = await getTranslations("specs");
  const format = await getFormatter();
  const deployment = app.deploymentId ? deploymentToJson(getDeploymentOrThrow(user, app.deploymentId)) : null;
  const live = deployment && ["pending", "installing", "running", "uninstalling"].includes(deployment.status);
  const running = deployment?.status === "running";
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "short" }) : "—");
  const notRunning = <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">{t("notRunning")}</p>;

  return (
    <ClientMessages namespaces={["appKeys", "dependencies", "deploy", "errors", "myApps"]}>
      <section className="space-y-6">
        <BackLink href="/workbench/apps">{t("title")}</BackLink>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="flex items-center gap-3">
            <h1 className="text-2xl font-semibold">{app.name}</h1>
            <StateBadge status={app.status} deploymentStatus={deployment?.status ?? null} />
          </div>
          <MyAppMenu app={{ id: app.id, name: app.name, running }} afterDelete="/workbench/apps" />
        </div>
        {endingSoon && app.expiresAt && (
          <p role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
            {t(app.kind === "trial" ? "trialEndingSoon" : "termEndingSoon", { at: when(app.expiresAt) })}
          </p>
        )}
        {expired && (
          <p role="status" className="rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-700">
            {t(app.kind === "trial" ? "trialExpired" : "termExpired", { at: when(app.expiresAt) })}
          </p>
        )}
        {app.appKeyEnc && !app.appKeyShownAt && tab !== "devices" && (
          <p role="status" className="rounded-md bg-blue-50 px-4 py-3 text-sm text-blue-900">
            {t.rich("appKeyUnseen", {
              link: (chunks) => (
                <Link href={`/workbench/apps/${app.id}?tab=devices`} className="underline">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        )}
        <TabNav label={t("tabs")} current={tab} tabs={TABS.map((key) => ({ key, href: `/workbench/apps/${app.id}?tab=${key}`, label: t(`tab.${key}`) }))} />

        {tab === "overview" && (
          <dl className="grid max-w-3xl grid-cols-[10rem_1fr] gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-6 text-sm">
            {(
              [
                ["application", <Link key="l" href={`/market/${listing.id}`} className="text-blue-700 hover:underline">{listing.name}</Link>],
                ["isv", listing.isv],
                ["kind", t(`kinds.${app.kind}`)],
                ["spec", `${app.spec.name} · ${tSpecs(`types.${app.spec.type}`)} · ${tSpecs(`locations.${app.spec.location}`)}`],
                ["created", when(app.createdAt)],
                ["startedAt", when(app.startedAt)],
                ["expiresAt", app.kind === "trial" && !app.expiresAt ? t("trialNotStarted") : when(app.expiresAt)],
              ] as const
            ).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{t(k)}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        )}

        {tab === "setup" && (
          <div className="max-w-4xl space-y-4">
            <h2 className="text-lg font-medium">{t("bomTitle")}</h2>
            <BomTable lines={billOfMaterials(app.spec.graph)} />
            <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
              {t("bomWarning")}
            </p>
            {live ? (
              <p className="text-sm text-slate-700">
                {t("alreadyDeployed")}{" "}
                <Link href={`/workbench/apps/${app.id}?tab=integration`} className="text-blue-700 hover:underline">
                  {t("tab.integration")}
                </Link>
              </p>
            ) : (
              <StartDeployButton appId={app.id} disabled={expired} />
            )}
          </div>
        )}

        {tab === "access" &&
          (running && deployment ? (
            <div className="max-w-3xl space-y-3 rounded-lg border border-slate-200 bg-white p-6 text-sm">
              {deployment.outputs
                .filter((o) => o.name.startsWith("accessUrl"))
                .map((o) => (
                  <p key={o.name}>
                    <a href={o.value} target="_blank" rel="noreferrer" className="inline-flex rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700">
                      {t("openApp")}
                    </a>{" "}
                    <span className="ml-2 font-mono break-all">{o.value}</span>
                  </p>
                ))}
              {deployment.outputs.some((o) => o.name === "username") && (
                <p>
                  {t("accountIs", { account: deployment.outputs.find((o) => o.name === "username")!.value })}{" "}
                  <Link href={`/workbench/apps/${app.id}?tab=outputs`} className="text-blue-700 hover:underline">
                    {t("passwordInOutputs")}
                  </Link>
                </p>
              )}
              {deployment.target.simulated && <p className="text-amber-800">{t("simulated")}</p>}
            </div>
          ) : (
            notRunning
          ))}

        {tab === "integration" && (
          <InstancePanel
            labels={await instanceLabels("myApps")}
            initial={deployment}
            nodes={app.spec.graph.nodes}
            canStart={!expired}
            start={deployMyAppAction.bind(null, app.id)}
            uninstall={uninstallMyAppAction.bind(null, app.id)}
          />
        )}

        {tab === "outputs" && (running && deployment ? <Outputs outputs={deployment.outputs} simulated={deployment.target.simulated} /> : notRunning)}

        {tab === "devices" && (
          <div className="max-w-4xl space-y-6">
            <AppKeyPanel appId={app.id} hasKey={Boolean(app.appKeyHash)} unseen={!app.appKeyShownAt} apiUrl={`${publicUrl()}/api/v1/apps/${app.id}/devices`} disabled={expired} />
            <BoundDevices appId={app.id} />
          </div>
        )}
      </section>
    </ClientMessages>
  );
}
