"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { DeploymentProgress, type DeploymentJson } from "@/components/deploy/deployment-progress";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/action-result";

type Node = { id: string; type: string; name?: string };

type Result = ActionResult<DeploymentJson>;

/**
 * One instance's install and uninstall controls with live progress: the deploy test, a buyer's
 * app, an experience instance. The caller passes the texts, translated, for its own wording.
 */
export type InstanceLabels = { start: string; uninstall: string; uninstallTitle: string; uninstallText: string; cancel: string; none: string };

export function InstancePanel({
  initial,
  nodes,
  canStart,
  start,
  uninstall,
  labels,
}: {
  initial: DeploymentJson | null;
  nodes: Node[];
  canStart: boolean;
  start: () => Promise<Result>;
  uninstall: (deploymentId: string) => Promise<Result>;
  labels: InstanceLabels;
}) {
  const tErrors = useTranslations("errors");
  const router = useRouter();
  const toast = useToast();
  const [deployment, setDeployment] = useState(initial);
  // A new key restarts the progress view's polling after we changed the deployment ourselves.
  const [generation, setGeneration] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const live = deployment && ["pending", "installing", "running", "uninstalling"].includes(deployment.status);

  function run(action: () => Promise<Result>) {
    startTransition(async () => {
      const result = await action();
      setConfirming(false);
      if (!result.ok) return toast.show(tErrors(result.message, result.params), "error");
      setDeployment(result.data!);
      setGeneration((g) => g + 1);
    });
  }

  return (
    <div className="space-y-4">
      <div className="flex gap-3">
        <Button disabled={!canStart || Boolean(live) || pending} onClick={() => run(start)}>
          {labels.start}
        </Button>
        {deployment?.status === "running" && (
          <Button variant="danger" disabled={pending} onClick={() => setConfirming(true)}>
            {labels.uninstall}
          </Button>
        )}
      </div>
      {deployment ? (
        <DeploymentProgress
          key={`${deployment.id}-${generation}`}
          initial={deployment}
          nodes={nodes}
          onChange={(next) => {
            setDeployment(next);
            router.refresh();
          }}
        />
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">{labels.none}</p>
      )}
      <ConfirmDialog
        open={confirming}
        title={labels.uninstallTitle}
        message={labels.uninstallText}
        confirmLabel={labels.uninstall}
        cancelLabel={labels.cancel}
        pending={pending}
        onConfirm={() => deployment && run(() => uninstall(deployment.id))}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
