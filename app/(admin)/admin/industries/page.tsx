import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guards";
import { listIndustries } from "@/lib/industries/queries";
import { IndustryForm } from "./industry-form";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("industries"))("title") };
}

/** Operators edit the industries and scenarios ISVs choose from; applications keep the names they chose. */
export default async function IndustriesPage() {
  await requireRole("operator");
  const t = await getTranslations("industries");
  const industries = listIndustries();
  return (
    <ClientMessages namespaces={["applications", "errors", "industries"]}>
      <section className="space-y-6">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("intro")}</p>
        </div>
        <ul className="grid gap-4 lg:grid-cols-2">
          {industries.map((industry) => (
            <li key={industry.id}>
              <IndustryForm industry={industry} />
            </li>
          ))}
          <li>
            <IndustryForm />
          </li>
        </ul>
      </section>
    </ClientMessages>
  );
}
