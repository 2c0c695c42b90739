import { getTranslations } from "next-intl/server";
import { listApiKeys } from "@/lib/api-keys/queries";
import { requireUser } from "@/lib/auth/guards";
import { ApiKeysManager } from "./api-keys-manager";

export async function generateMetadata() {
  return { title: (await getTranslations("apiKeys"))("title") };
}

export default async function ApiKeysPage() {
  const user = await requireUser();
  const t = await getTranslations("apiKeys");
  const keys = listApiKeys(user.id).map((k) => ({
    ...k,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  }));
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("intro")}</p>
        <p className="mt-2 max-w-3xl text-sm text-slate-600">
          {t("projectIdText")}{" "}
          <code aria-label={t("projectId")} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
            {user.id}
          </code>
        </p>
      </div>
      <ApiKeysManager keys={keys} />
    </section>
  );
}
