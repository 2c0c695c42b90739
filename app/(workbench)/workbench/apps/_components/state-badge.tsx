import { getTranslations } from "next-intl/server";
import { cn } from "@/components/ui/cn";
import type { DeploymentStatus, MyAppStatus } from "@/db/schema";

const STYLE: Record<string, string> = {
  running: "bg-emerald-50 text-emerald-800",
  failed: "bg-red-50 text-red-700",
  expired: "bg-slate-100 text-slate-600",
  notDeployed: "bg-slate-100 text-slate-700",
};

/** An app's state in one word: expired, or its instance's (not deployed when it has none running). */
export async function StateBadge({ status, deploymentStatus }: { status: MyAppStatus; deploymentStatus: DeploymentStatus | null }) {
  const t = await getTranslations("myApps");
  const tDeploy = await getTranslations("deploy");
  const key = status === "expired" ? "expired" : !deploymentStatus || deploymentStatus === "deleted" ? "notDeployed" : deploymentStatus;
  const label = key === "expired" || key === "notDeployed" ? t(`states.${key}`) : tDeploy(`statuses.${key}`);
  return <span className={cn("rounded px-2 py-0.5 text-xs font-medium", STYLE[key] ?? "bg-blue-50 text-blue-800")}>{label}</span>;
}
