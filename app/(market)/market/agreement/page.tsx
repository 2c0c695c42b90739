import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";

export async function generateMetadata() {
  return { title: (await getTranslations("agreement"))("title") };
}

/** 《IoT 免费体验服务协议》: public, linked from the experience page's agreement box. */
export default async function AgreementPage() {
  const t = await getTranslations("agreement");
  const sections = ["scope", "shared", "data", "availability", "conduct", "liability"] as const;
  return (
    <article className="max-w-3xl space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <ol className="list-decimal space-y-4 pl-5 text-sm leading-6 text-slate-700">
        {sections.map((key) => (
          <li key={key}>
            <h2 className="font-medium text-slate-900">{t(`${key}.title`)}</h2>
            <p>{t(`${key}.text`)}</p>
          </li>
        ))}
      </ol>
    </article>
  );
}
