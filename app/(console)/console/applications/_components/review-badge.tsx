import { cn } from "@/components/ui/cn";
import type { ReviewStatus } from "@/db/enums";

const STYLE: Record<ReviewStatus, string> = {
  none: "bg-slate-100 text-slate-700",
  pending: "bg-amber-50 text-amber-700",
  approved: "bg-emerald-50 text-emerald-700",
  rejected: "bg-red-50 text-red-700",
};

export function ReviewBadge({ status, label }: { status: ReviewStatus; label: string }) {
  return <span className={cn("rounded px-2 py-0.5 text-xs font-medium", STYLE[status])}>{label}</span>;
}
