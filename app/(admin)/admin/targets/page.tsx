import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { requireRole } from "@/lib/auth/guards";
import { listTargets } from "@/lib/deploy/queries";
import { TargetsManager } from "./_components/targets-manager";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("targets"))("title") };
}

export default async function TargetsPage() {
  await requireRole("operator");
  const t = await getTranslations("targets");
  const targets = listTargets().map((target) => ({ ...target, createdAt: target.createdAt.toISOString() }));
  return (
    <ClientMessages namespaces={["errors", "fileDrop", "targets"]}>
      <section className="space-y-6">
        <PageHeader title={t("title")} intro={t("intro")} />
        <TargetsManager targets={targets} />
      </section>
    </ClientMessages>
  );
}
