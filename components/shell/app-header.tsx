import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { logoutAction } from "@/app/actions";
import { getCurrentUser } from "@/lib/auth/guards";
import { LocaleSwitch } from "./locale-switch";
import { navFor } from "./navigation";

export async function AppHeader() {
  const user = await getCurrentUser();
  const t = await getTranslations();
  const groups = navFor(user?.roles ?? null);

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 whitespace-nowrap sm:px-6">
        <Link href="/" className="text-lg font-semibold text-slate-900">
          Stagecraft
        </Link>
        <nav aria-label={t("shell.mainNav")} className="flex flex-1 flex-wrap items-center gap-x-6 gap-y-1">
          {groups.map((group) => (
            <div key={group.key} role="group" aria-label={t(`nav.${group.key}`)} className="flex items-center gap-4 text-sm">
              {/* The workspace's name labels its links: small, muted, set off by a rule; nothing to click. */}
              {group.role && (
                <span aria-hidden className="border-r border-slate-200 pr-4 text-xs font-medium tracking-wide text-slate-400 uppercase select-none">
                  {t(`nav.${group.key}`)}
                </span>
              )}
              {group.items.map((item) => (
                <Link key={item.href} href={item.href} className="text-slate-700 hover:text-blue-700">
                  {t(`nav.${item.key}`)}
                </Link>
              ))}
            </div>
          ))}
        </nav>
        <div className="flex items-center gap-3 text-sm">
          <LocaleSwitch />
          {user ? (
            <>
              <Link href="/settings/api-keys" className="text-slate-700 hover:text-blue-700">
                {t("nav.apiKeys")}
              </Link>
              <span className="max-w-56 truncate text-slate-500" title={`${user.email} · ${user.roles.map((r) => t(`roles.${r}`)).join(", ")}`}>
                {user.email}
              </span>
              <form action={logoutAction}>
                <button type="submit" className="text-slate-700 hover:text-blue-700">
                  {t("auth.logout")}
                </button>
              </form>
            </>
          ) : (
            <>
              <Link href="/login" className="text-slate-700 hover:text-blue-700">
                {t("auth.login")}
              </Link>
              <Link href="/signup" className="rounded-md bg-blue-600 px-3 py-1.5 text-white hover:bg-blue-700">
                {t("auth.signup")}
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
