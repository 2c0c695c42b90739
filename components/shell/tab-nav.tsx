import Link from "next/link";
import { cn } from "@/components/ui/cn";

/** A detail page's tabs as links (`?tab=`), so that each tab has its own URL. */
export function TabNav({ label, current, tabs }: { label: string; current: string; tabs: { key: string; href: string; label: string }[] }) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-1 border-b border-slate-200">
      {tabs.map(({ key, href, label: text }) => (
        <Link
          key={key}
          href={href}
          aria-current={current === key ? "page" : undefined}
          className={cn("-mb-px border-b-2 px-4 py-2 text-sm", current === key ? "border-blue-600 font-medium text-blue-700" : "border-transparent text-slate-600 hover:text-slate-900")}
        >
          {text}
        </Link>
      ))}
    </nav>
  );
}
