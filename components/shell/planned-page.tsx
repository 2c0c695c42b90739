import { getTranslations } from "next-intl/server";
import type { Role } from "@/db/schema/users";
import { requireRole } from "@/lib/auth/guards";

/** A page a later release fills: it says what will come and shows no made-up data. */
async function PlannedPage({ page }: { page: string }) {
  const t = await getTranslations("planned");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">{t(`${page}.title`)}</h1>
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-slate-600">
        <p className="font-medium text-slate-800">{t("notYet")}</p>
        <p className="mt-2">{t(`${page}.what`)}</p>
      </div>
    </section>
  );
}

/** The page component and metadata of a planned route, guarded by `role` when given. */
export function plannedRoute(page: string, role?: Role) {
  return {
    generateMetadata: async () => ({ title: (await getTranslations("planned"))(`${page}.title`) }),
    Page: async function Page() {
      if (role) await requireRole(role);
      return <PlannedPage page={page} />;
    },
  };
}
