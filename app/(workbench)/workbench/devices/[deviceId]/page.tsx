import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guards";
import { getDeviceOrThrow } from "@/lib/devices/queries";
import { NotFoundError } from "@/lib/errors";
import { latestProperties, recentMessages } from "@/lib/mqtt/queries";
import { retentionDays } from "@/lib/mqtt/store";
import { AutoRefresh } from "@/components/ui/auto-refresh";

export async function generateMetadata() {
  return { title: (await getTranslations("devices"))("deviceDetails") };
}

type Props = { params: Promise<{ deviceId: string }> };

const th = "px-3 py-2 text-left font-medium text-slate-600";
const td = "px-3 py-2 align-top";

/** One device: what the registry knows, its latest reported properties, its recent messages. */
export default async function DevicePage({ params }: Props) {
  const user = await requireRole("buyer");
  const t = await getTranslations("devices");
  const format = await getFormatter();
  const { deviceId } = await params;
  let device;
  try {
    device = getDeviceOrThrow(user, decodeURIComponent(deviceId));
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const properties = latestProperties(device.seq);
  const messages = recentMessages(device.seq);
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "medium" });
  const facts: [string, string][] = [
    [t("deviceId"), device.id],
    [t("nodeId"), device.nodeId],
    [t("product"), device.productName],
    [t("authType"), t(`authTypes.${device.authType}`)],
    [t("status"), t(`statuses.${device.status}`)],
    [t("lastSeen"), device.lastSeenAt ? when(device.lastSeenAt) : t("never")],
  ];

  return (
    <div className="space-y-6">
      <AutoRefresh active everyMs={3000} version={`${device.status}:${device.lastSeenAt?.getTime() ?? ""}:${messages.length}:${messages[0]?.receivedAt.getTime() ?? ""}`} />
      <Link href="/workbench/devices" className="text-sm text-blue-700 hover:underline">
        {t("backToDevices")}
      </Link>
      <h2 className="text-xl font-semibold">{t("deviceDetailsOf", { name: device.name })}</h2>
      <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="break-all" data-testid={label === t("status") ? "device-status" : undefined}>
              {value}
            </dd>
          </div>
        ))}
      </dl>

      <section className="space-y-2">
        <h3 className="text-lg font-semibold">{t("latestProperties")}</h3>
        {properties.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noProperties")}</p>
        ) : (
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label={t("latestProperties")}>
            <thead>
              <tr className="border-b border-slate-200">
                <th className={th}>{t("service")}</th>
                <th className={th}>{t("property")}</th>
                <th className={th}>{t("value")}</th>
                <th className={th}>{t("reportedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {properties.map((p) => (
                <tr key={`${p.serviceId}/${p.name}`} className="border-b border-slate-100 last:border-0">
                  <td className={td}>{p.serviceId}</td>
                  <td className={td}>{p.name}</td>
                  <td className={td}>
                    <code className="break-all">{JSON.stringify(p.value)}</code>
                  </td>
                  <td className={td}>{when(p.reportedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="space-y-2">
        <h3 className="text-lg font-semibold">{t("recentMessages")}</h3>
        <p className="text-sm text-slate-600">{t("retention", { days: retentionDays() })}</p>
        {messages.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noMessages")}</p>
        ) : (
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label={t("recentMessages")}>
            <thead>
              <tr className="border-b border-slate-200">
                <th className={th}>{t("received")}</th>
                <th className={th}>{t("messageKind")}</th>
                <th className={th}>{t("topic")}</th>
                <th className={th}>{t("payload")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id} className="border-b border-slate-100 last:border-0">
                  <td className={`${td} whitespace-nowrap`}>{when(m.receivedAt)}</td>
                  <td className={td}>{t(`messageKinds.${m.kind}`)}</td>
                  <td className={`${td} break-all`}>{m.topic}</td>
                  <td className={td}>
                    {/* Payloads may be up to 1 MB: the list shows their start. */}
                    <code className="line-clamp-3 break-all">{m.payload.slice(0, 500)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
