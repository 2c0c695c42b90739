"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { deployMyAppAction } from "../actions";

/** "下一步，启动自动化部署": starts the install and moves to 应用集成管理, where its progress shows. */
export function StartDeployButton({ appId, disabled }: { appId: string; disabled: boolean }) {
  const t = useTranslations("myApps");
  const tErrors = useTranslations("errors");
  const toast = useToast();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      disabled={disabled || pending}
      aria-busy={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await deployMyAppAction(appId);
          if (!result.ok) return toast.show(tErrors(result.message, result.params), "error");
          router.push(`/workbench/apps/${appId}?tab=integration`);
        })
      }
    >
      {pending ? t("working") : t("startDeploy")}
    </Button>
  );
}
