import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { listApiKeys } from "@/lib/api-keys/queries";
import { requireUser } from "@/lib/auth/guards";
import { publicUrl } from "@/lib/env";
import { ApiKeysManager } from "./api-keys-manager";
import { ClientMessages } from "@/components/shell/client-messages";

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
    <ClientMessages namespaces={["apiKeys", "errors"]}>
      <section className="space-y-6">
        <PageHeader
          title={t("title")}
          intro={
            <>
              {t("intro")}
              <span className="mt-2 block">
                {t("projectIdText")}{" "}
                <code aria-label={t("projectId")} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                  {user.id}
                </code>
              </span>
              {user.roles.includes("isv") && user.handle && (
                <span className="mt-2 block">
                  {t("registryText", { host: new URL(publicUrl()).host })}{" "}
                  <code aria-label={t("registryNamespace")} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                    {`${new URL(publicUrl()).host}/${user.handle}`}
                  </code>
                </span>
              )}
            </>
          }
        />
        <ApiKeysManager keys={keys} />
      </section>
    </ClientMessages>
  );
}
