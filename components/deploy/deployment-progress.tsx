"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { usePolling } from "@/components/ui/auto-refresh";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Progress } from "@/components/ui/progress";
import { useToast } from "@/components/ui/toast";
import type { deploymentToJson } from "@/lib/deploy/api-view";

export type DeploymentJson = ReturnType<typeof deploymentToJson>;
type Node = { id: string; type: string; name?: string };

const BUSY = ["pending", "installing", "uninstalling"];
const POLL_MS = 1000;
const STATUS_STYLE: Record<string, string> = {
  creating: "text-blue-700",
  created: "text-emerald-700",
  deleting: "text-amber-700",
  deleted: "text-slate-500",
};

/**
 * Live progress of one deployment: a bar, each node's step, the event log and, once running, the
 * outputs. It polls the deployment's API while the worker is busy with it.
 */
export function DeploymentProgress({
  initial,
  nodes,
  onChange,
}: {
  initial: DeploymentJson;
  nodes: Node[];
  onChange?: (deployment: DeploymentJson) => void;
}) {
  const t = useTranslations("deploy");
  const format = useFormatter();
  const [deployment, setDeployment] = useState(initial);
  const busy = BUSY.includes(deployment.status);

  usePolling(
    async () => {
      const response = await fetch(`/api/v1/deployments/${deployment.id}`, { cache: "no-store" });
      if (!response.ok) return;
      const next = (await response.json()) as DeploymentJson;
      setDeployment(next);
      if (next.status !== deployment.status) onChange?.(next);
    },
    { active: busy, everyMs: POLL_MS },
  );

  const kind = (type: string) => (t.has(`kinds.${type}`) ? t(`kinds.${type}`) : type);
  // A line the platform wrote has a code (lib/deploy/event-text.ts); an engine's own text is shown as it came.
  const eventLine = (e: DeploymentJson["events"][number]) =>
    e.code && t.has(`events.${e.code}`) ? t(`events.${e.code}`, { ...e.params, ...(e.params.type ? { type: kind(e.params.type) } : {}) }) : e.message;
  const byNode = new Map(deployment.resources.map((r) => [r.nodeId, r]));
  const uninstalling = deployment.status === "uninstalling" || deployment.status === "deleted";
  const done = deployment.resources.filter((r) => (uninstalling ? r.status === "deleted" : r.status === "created")).length;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-sm font-medium">{t(`statuses.${deployment.status}`)}</span>
        <span className="text-xs text-slate-500">{t("target", { name: deployment.target.name })}</span>
        {deployment.target.simulated && (
          <span className="rounded bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">{t("simulated")}</span>
        )}
      </div>
      <Progress value={deployment.status === "running" || deployment.status === "deleted" ? nodes.length : done} max={nodes.length} label={t("progress")} />
      {deployment.failureMessage && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm whitespace-pre-wrap text-red-700">
          {deployment.failedNodeId ? t("failedAt", { node: deployment.failedNodeId }) : null} {deployment.failureMessage}
        </p>
      )}
      <ol aria-label={t("steps")} className="grid gap-1 text-sm sm:grid-cols-2">
        {nodes.map((node) => {
          const resource = byNode.get(node.id);
          return (
            <li key={node.id} className="flex justify-between rounded border border-slate-200 bg-white px-3 py-1.5">
              <span>
                {node.name ?? node.id} <span className="text-xs text-slate-500">{kind(node.type)}</span>
              </span>
              <span className={cn("text-xs", resource ? STATUS_STYLE[resource.status] : "text-slate-400")}>
                {resource ? t(`resourceStatuses.${resource.status}`) : t("waiting")}
              </span>
            </li>
          );
        })}
      </ol>
      {deployment.status === "running" && deployment.outputs.length > 0 && <Outputs outputs={deployment.outputs} simulated={deployment.target.simulated} />}
      <details className="rounded border border-slate-200 bg-white" open={busy}>
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium">{t("log", { count: deployment.events.length })}</summary>
        <ol aria-label={t("logLabel")} className="max-h-72 overflow-y-auto px-3 pb-3 font-mono text-xs">
          {deployment.events.map((e, i) => (
            <li key={i} className={cn(e.level === "error" && "text-red-700", e.level === "warn" && "text-amber-700")}>
              {format.dateTime(new Date(e.at), { timeStyle: "medium" })} {e.nodeId ? `[${e.nodeId}] ` : ""}
              <span className="whitespace-pre-wrap">{eventLine(e)}</span>
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

/** An instance's outputs: the access URL as a link, secrets hidden until shown, each copyable. */
export function Outputs({ outputs, simulated = false }: { outputs: DeploymentJson["outputs"]; simulated?: boolean }) {
  const t = useTranslations("deploy");
  const toast = useToast();
  const [revealed, setRevealed] = useState(false);
  return (
    <>
    {simulated && <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("simulatedOutputs")}</p>}
    <dl aria-label={t("outputs")} className="grid gap-2 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm sm:grid-cols-[max-content_1fr_max-content]">
      {outputs.map((o) => (
        <div key={o.name} className="contents">
          <dt className="font-medium text-slate-700">{t.has(`outputNames.${o.name}`) ? t(`outputNames.${o.name}`) : o.label}</dt>
          <dd className="font-mono break-all">
            {o.name === "accessUrl" ? (
              <a href={o.value} target="_blank" rel="noreferrer" className="text-blue-700 underline">{o.value}</a>
            ) : o.secret && !revealed ? (
              "••••••••••••"
            ) : (
              o.value
            )}
          </dd>
          <dd className="flex gap-2">
            {o.secret && (
              <Button variant="secondary" size="sm" onClick={() => setRevealed((r) => !r)}>
                {revealed ? t("hide") : t("show")}
              </Button>
            )}
            <Button variant="secondary" size="sm" aria-label={t("copyNamed", { name: t.has(`outputNames.${o.name}`) ? t(`outputNames.${o.name}`) : o.label })}
              onClick={() => navigator.clipboard?.writeText(o.value).then(() => toast.show(t("copied")))}>
              {t("copy")}
            </Button>
          </dd>
        </div>
      ))}
    </dl>
    </>
  );
}
