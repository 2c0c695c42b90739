"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { DeploymentProgress, type DeploymentJson } from "@/components/deploy/deployment-progress";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { startDeployTestAction, uninstallDeployTestAction } from "./actions";

type Node = { id: string; type: string; name?: string };

export function DeployTestPanel({ specId, initial, nodes, canStart }: { specId: string; initial: DeploymentJson | null; nodes: Node[]; canStart: boolean }) {
  const t = useTranslations("deployTest");
  const tErrors = useTranslations("errors");
  const router = useRouter();
  const toast = useToast();
  const [deployment, setDeployment] = useState(initial);
  // A new key restarts the progress view's polling after we changed the deployment ourselves.
  const [generation, setGeneration] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const live = deployment && ["pending", "installing", "running", "uninstalling"].includes(deployment.status);

  function run(action: () => ReturnType<typeof startDeployTestAction>) {
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
        <Button disabled={!canStart || Boolean(live) || pending} onClick={() => run(() => startDeployTestAction(specId))}>
          {t("start")}
        </Button>
        {deployment?.status === "running" && (
          <Button variant="danger" disabled={pending} onClick={() => setConfirming(true)}>
            {t("delete")}
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
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">{t("none")}</p>
      )}
      <ConfirmDialog
        open={confirming}
        title={t("deleteTitle")}
        message={t("deleteText")}
        confirmLabel={t("delete")}
        cancelLabel={t("cancel")}
        pending={pending}
        onConfirm={() => deployment && run(() => uninstallDeployTestAction(deployment.id))}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
