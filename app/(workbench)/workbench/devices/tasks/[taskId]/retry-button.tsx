"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { retryFailedAction } from "../../actions";

/** 重试失败项: runs the failed rows again; the page then follows the task's progress. */
export function RetryButton({ taskId }: { taskId: string }) {
  const t = useTranslations("devices");
  const tErrors = useTranslations("errors");
  const toast = useToast();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await retryFailedAction(taskId);
          if (result.ok) router.refresh();
          else toast.show(tErrors(result.message), "error");
        })
      }
    >
      {t("retryFailed")}
    </Button>
  );
}
