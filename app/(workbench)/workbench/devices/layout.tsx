import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guards";
import { DevicesTabs } from "./_components/devices-tabs";
import { ClientMessages } from "@/components/shell/client-messages";

export default async function DevicesLayout({ children }: { children: ReactNode }) {
  await requireRole("buyer");
  const t = await getTranslations("devices");
  return (
    <ClientMessages namespaces={["devices"]}>
      <section data-wide className="space-y-6">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("intro")}</p>
        </div>
        <DevicesTabs />
        {children}
      </section>
    </ClientMessages>
  );
}
