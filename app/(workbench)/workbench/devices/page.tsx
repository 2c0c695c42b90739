import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { DEVICE_STATUSES } from "@/db/enums";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { requireRole } from "@/lib/auth/guards";
import { deviceListHref } from "@/lib/devices/list-url";
import { listDevices, listProducts } from "@/lib/devices/queries";
import { deviceListQuerySchema } from "@/lib/devices/schema";
import { boundAppsOf } from "@/lib/marketplace/app-access";
import { listAppChoices } from "@/lib/marketplace/queries";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { DeviceTable } from "./_components/device-table";
import { RegisterDialog } from "./_components/register-dialog";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("devices"))("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DevicesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireRole("buyer");
  const t = await getTranslations("devices");
  const format = await getFormatter();
  const raw = await searchParams;
  const query = deviceListQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const products = listProducts(user);
  const { rows, total, totalCapped, hasNext } = listDevices(user, query);
  const productOptions = products.map((p) => ({ value: p.id, label: p.name }));
  const boundApps = boundAppsOf(rows.map((r) => r.seq));

  return (
    <ClientMessages namespaces={["devices", "errors", "fileDrop"]}>
      <div className="space-y-4">
        {/* Devices come online and go offline over MQTT: the page re-reads their status, less often while none changes. */}
        <AutoRefresh active={rows.length > 0} everyMs={5000} version={rows.map((r) => `${r.seq}:${r.status}:${r.lastSeenAt?.getTime() ?? ""}`).join(",")} />
        <div className="flex flex-wrap items-end justify-between gap-4">
          <form method="get" action="/workbench/devices" role="search" aria-label={t("filters")} className="flex flex-wrap items-end gap-3">
            <div className="w-48">
              <Select label={t("product")} name="productId" defaultValue={query.productId ?? ""} options={productOptions} placeholder={t("allProducts")} />
            </div>
            <div className="w-36">
              <Select
                label={t("status")}
                name="status"
                defaultValue={query.status ?? ""}
                options={DEVICE_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
                placeholder={t("allStatuses")}
              />
            </div>
            <div className="w-56">
              <Input label={t("search")} name="q" defaultValue={query.q ?? ""} maxLength={64} placeholder={t("searchPlaceholder")} />
            </div>
            {query.sort !== "createdAt" && <input type="hidden" name="sort" value={query.sort} />}
            {query.dir !== "desc" && <input type="hidden" name="dir" value={query.dir} />}
            <Button type="submit" variant="secondary">
              {t("applyFilters")}
            </Button>
            <Link href="/workbench/devices" className="py-2 text-sm text-slate-600 hover:text-slate-900">
              {t("resetFilters")}
            </Link>
          </form>
          <RegisterDialog products={products.map((p) => ({ id: p.id, name: p.name, protocol: p.protocol }))} />
        </div>

        {products.length === 0 && (
          <p className="rounded-md bg-blue-50 px-4 py-3 text-sm text-blue-800">
            {t.rich("noProducts", { link: (chunks) => <Link href="/workbench/devices/products" className="underline">{chunks}</Link> })}
          </p>
        )}

        <DeviceTable
          rows={rows.map((r) => ({ ...r, lastSeenAt: r.lastSeenAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(), apps: boundApps.get(r.seq) ?? [] }))}
          apps={listAppChoices(user)}
          query={query}
          filtered={Boolean(query.productId || query.status || query.q)}
        />
        <Pagination
          page={query.page}
          hasNext={hasNext}
          hrefFor={(page) => deviceListHref({ ...query, page })}
          label={t("pages")}
          previous={t("previous")}
          next={t("next")}
          status={t("pageStatus", { page: format.number(query.page), total: `${format.number(total)}${totalCapped ? "+" : ""}` })}
        />
      </div>
    </ClientMessages>
  );
}
