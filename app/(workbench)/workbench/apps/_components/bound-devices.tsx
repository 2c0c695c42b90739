import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ListTable } from "@/components/ui/list-table";
import { ShortId } from "@/components/ui/short-id";
import { listBoundDevices } from "@/lib/marketplace/app-access";

/** The devices this app may read and message (bound on 我接入的设备). */
export async function BoundDevices({ appId }: { appId: string }) {
  const t = await getTranslations("appKeys");
  const tDevices = await getTranslations("devices");
  const format = await getFormatter();
  const { total, rows } = listBoundDevices({ id: appId }, 1, 100);
  return (
    <div className="space-y-3">
      <h2 className="text-lg font-medium">{t("boundDevices", { count: total })}</h2>
      <ListTable
        label={t("boundDevicesLabel")}
        headers={[tDevices("deviceId"), tDevices("deviceName"), tDevices("product"), tDevices("status"), t("boundAt")]}
        empty={
          rows.length ? null : (
            <>
              {t("noBoundDevices")}{" "}
              <Link href="/workbench/devices" className="text-blue-700 hover:underline">
                {t("toDevices")}
              </Link>
            </>
          )
        }
      >
        {rows.map(({ device, productName, boundAt }) => (
          <tr key={device.id}>
            <td className="px-4 py-3">
              <ShortId value={device.id} copyLabel={tDevices("copyDeviceIdOf", { id: device.nodeId })} copied={tDevices("copied")} />
            </td>
            <td className="px-4 py-3">{device.name}</td>
            <td className="px-4 py-3">{productName}</td>
            <td className="px-4 py-3">{tDevices(`statuses.${device.status}`)}</td>
            <td className="px-4 py-3">
              <time dateTime={boundAt.toISOString()}>{format.dateTime(boundAt, { dateStyle: "medium", timeStyle: "short" })}</time>
            </td>
          </tr>
        ))}
      </ListTable>
      {total > rows.length && <p className="text-xs text-slate-500">{t("moreOnDevices", { count: total - rows.length })}</p>}
    </div>
  );
}
