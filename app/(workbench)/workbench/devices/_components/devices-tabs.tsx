"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";

const TABS = [
  { key: "tabDevices", href: "/workbench/devices", exact: true },
  { key: "tabProducts", href: "/workbench/devices/products", exact: false },
  { key: "tabTasks", href: "/workbench/devices/tasks", exact: false },
] as const;

export function DevicesTabs() {
  const t = useTranslations("devices");
  const path = usePathname();
  return (
    <nav aria-label={t("sections")} className="flex gap-1 border-b border-slate-200">
      {TABS.map((tab) => {
        const current = tab.exact ? path === tab.href : path.startsWith(tab.href);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={current ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-4 py-2 text-sm",
              current ? "border-blue-600 font-medium text-blue-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {t(tab.key)}
          </Link>
        );
      })}
    </nav>
  );
}
