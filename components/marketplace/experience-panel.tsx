import { getFormatter, getTranslations } from "next-intl/server";
import { instanceLabels } from "@/components/deploy/instance-labels";
import { InstancePanel } from "@/components/deploy/instance-panel";
import { ListTable } from "@/components/ui/list-table";
import type { User } from "@/db/schema";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { experienceInstance, listExperienceGrants } from "@/lib/marketplace/experience";
import { getListingOfApplication } from "@/lib/reviews/queries";
import { startExperienceAction, stopExperienceAction } from "./experience-actions";

/**
 * 免费体验 on the ISV's application page (and for operators on the listing's page): the shared
 * instance buyers are handed (started from the listed experience spec) and who was handed it.
 */
export async function ExperiencePanel({ user, appId }: { user: User; appId: string }) {
  const t = await getTranslations("experience");
  const format = await getFormatter();
  const listing = getListingOfApplication(appId);
  const spec = listing?.specs.find((s) => s.type === "experience");
  if (!listing || !spec) return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">{listing ? t("noExperienceSpec") : t("notListed")}</p>;
  const instance = experienceInstance(listing);
  const grants = listExperienceGrants(user, appId);
  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <h2 className="text-lg font-medium">{t("instance", { name: spec.name })}</h2>
        <p className="text-sm text-slate-600">{t("instanceIntro")}</p>
        <InstancePanel
          labels={await instanceLabels("experience")}
          initial={instance ? deploymentToJson(getDeploymentOrThrow(user, instance.id)) : null}
          nodes={spec.graph.nodes}
          canStart
          start={startExperienceAction.bind(null, appId, spec.id)}
          uninstall={stopExperienceAction.bind(null, appId)}
        />
      </div>
      <div className="space-y-3">
        <h2 className="text-lg font-medium">{t("grants", { count: grants.total })}</h2>
        <ListTable label={t("grantsLabel")} headers={[t("buyer"), t("grantedAt")]} empty={grants.rows.length ? null : t("noGrants")}>
          {grants.rows.map((g) => (
            <tr key={g.id}>
              <td className="px-4 py-3">{g.buyer}</td>
              <td className="px-4 py-3">{format.dateTime(g.grantedAt, { dateStyle: "medium", timeStyle: "short" })}</td>
            </tr>
          ))}
        </ListTable>
      </div>
    </div>
  );
}
