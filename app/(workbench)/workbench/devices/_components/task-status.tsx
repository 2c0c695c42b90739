import { getTranslations } from "next-intl/server";
import type { BatchTask } from "@/db/schema";
import { Progress } from "@/components/ui/progress";
import { cn } from "@/components/ui/cn";

const TONES: Record<BatchTask["status"], string> = {
  Initializing: "bg-slate-100 text-slate-700",
  Processing: "bg-blue-50 text-blue-700",
  Success: "bg-emerald-50 text-emerald-700",
  PartialSuccess: "bg-amber-50 text-amber-800",
  Fail: "bg-red-50 text-red-700",
};

/** A task's status badge and progress bar with its counts. */
export async function TaskProgress({ task }: { task: Pick<BatchTask, "name" | "status" | "total" | "success" | "fail"> }) {
  const t = await getTranslations("devices");
  return (
    <div className="min-w-56 space-y-1">
      <span className={cn("inline-block rounded px-2 py-0.5 text-xs font-medium", TONES[task.status])}>{t(`taskStatuses.${task.status}`)}</span>
      <Progress value={task.success + task.fail} max={task.total} label={t("progressOf", { name: task.name })} />
      <p className="text-xs text-slate-600">{t("progressCounts", { success: task.success, fail: task.fail, total: task.total })}</p>
    </div>
  );
}
