import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("status");
  return (
    <section className="mx-auto max-w-lg space-y-3 text-center">
      <h1 className="text-2xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="text-slate-600">{t("notFoundText")}</p>
      <Link href="/" className="text-blue-700 hover:underline">
        {t("backHome")}
      </Link>
    </section>
  );
}
