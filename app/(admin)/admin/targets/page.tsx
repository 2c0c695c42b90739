import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guards";
import { listTargets } from "@/lib/deploy/queries";
import { TargetsManager } from "./_components/targets-manager";

export async function generateMetadata() {
  return { title: (await getTranslations("targets"))("title") };
}

export default async function TargetsPage() {
  await requireRole("operator");
  const t = await getTranslations("targets");
  const targets = listTargets().map((target) => ({ ...target, createdAt: target.createdAt.toISOString() }));
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("intro")}</p>
      </div>
      <TargetsManager targets={targets} />
    </section>
  );
}
