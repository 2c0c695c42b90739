import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { navFor } from "@/components/shell/navigation";
import { getCurrentUser } from "@/lib/auth/guards";

export default async function HomePage() {
  const user = await getCurrentUser();
  const t = await getTranslations();
  const groups = navFor(user?.roles ?? null);
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <h1 className="text-3xl font-semibold">{t("home.title")}</h1>
        <p className="max-w-3xl text-slate-600">{t("app.tagline")}</p>
      </section>
      {!user && (
        <div className="flex gap-3">
          <Link href="/signup" className="rounded-md bg-blue-600 px-4 py-2 text-white hover:bg-blue-700">
            {t("auth.signup")}
          </Link>
          <Link href="/market" className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-50">
            {t("home.browse")}
          </Link>
        </div>
      )}
      <div className="grid gap-4 md:grid-cols-3">
        {groups.map((group) => (
          <section key={group.key} className="rounded-lg border border-slate-200 bg-white p-5">
            <h2 className="font-semibold">{t(`nav.${group.key}`)}</h2>
            <p className="mt-1 text-sm text-slate-600">{t(`home.groups.${group.key}`)}</p>
            <ul className="mt-3 space-y-1 text-sm">
              {group.items.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} className="text-blue-700 hover:underline">
                    {t(`nav.${item.key}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
