import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { ConfirmActionButton } from "@/components/marketplace/confirm-action-button";
import { moneyFormatter } from "@/components/marketplace/money";
import { orderNumber } from "@/components/marketplace/order-number";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { ListTable } from "@/components/ui/list-table";
import { Pagination } from "@/components/ui/pagination";
import { ORDER_STATUSES } from "@/db/enums";
import { requireRole } from "@/lib/auth/guards";
import { listHref } from "@/lib/list-url";
import { listAllOrders } from "@/lib/marketplace/queries";
import { ordersQuerySchema } from "@/lib/marketplace/schema";
import { markOrderPaidAction } from "./actions";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("orders"))("all") };
}

/** 订单: operators record payments that were settled offline (there is no payment gateway). */
export default async function OrdersAdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const user = await requireRole("operator");
  const query = ordersQuerySchema.parse(await searchParams);
  const page = listAllOrders(user, query);
  const t = await getTranslations("orders");
  const format = await getFormatter();
  const money = await moneyFormatter();
  const filters = [undefined, ...ORDER_STATUSES];
  return (
    <ClientMessages namespaces={["errors"]}>
      <section data-wide className="space-y-6">
        <PageHeader title={t("all")} intro={t("allIntro")} />
        <div className="flex flex-wrap items-end justify-between gap-4">
          <nav aria-label={t("statusFilter")} className="flex gap-2 text-sm">
            {filters.map((status) => (
              <Link
                key={status ?? "all"}
                href={listHref("/admin/orders", { status, number: query.number })}
                aria-current={query.status === status ? "page" : undefined}
                className={cn("rounded-full border px-3 py-1", query.status === status ? "border-blue-600 bg-blue-50 text-blue-700" : "border-slate-300 bg-white text-slate-700")}
              >
                {status ? t(`statuses.${status}`) : t("allStatuses")}
              </Link>
            ))}
          </nav>
          {/* A buyer quotes the order number with an offline payment. */}
          <form method="get" action="/admin/orders" role="search" aria-label={t("searchNumber")} className="flex items-end gap-2">
            {query.status && <input type="hidden" name="status" value={query.status} />}
            <div className="w-44">
              <Input label={t("searchNumber")} name="number" defaultValue={query.number?.toUpperCase() ?? ""} maxLength={40} placeholder={t("searchNumberPlaceholder")} />
            </div>
            <Button type="submit" variant="secondary">
              {t("search")}
            </Button>
            {query.number && (
              <Link href={listHref("/admin/orders", { status: query.status })} className="py-2 text-sm text-slate-600 hover:text-slate-900">
                {t("clearSearch")}
              </Link>
            )}
          </form>
        </div>
        <ListTable
          label={t("all")}
          headers={[t("number"), t("buyer"), t("application"), t("spec"), t("term"), t("amount"), t("status"), t("created"), t("actions")]}
          empty={page.rows.length ? null : query.number ? t("emptyNumber", { number: query.number.toUpperCase() }) : t("emptyAll")}
        >
          {page.rows.map(({ order, listingName, buyer }) => (
            <tr key={order.id}>
              <td className="px-4 py-3 font-mono text-xs">{orderNumber(order.id)}</td>
              <td className="px-4 py-3">{buyer}</td>
              <td className="px-4 py-3 font-medium">{listingName}</td>
              <td className="px-4 py-3">{order.spec.name}</td>
              <td className="px-4 py-3">{t(`terms.${order.term}`)}</td>
              <td className="px-4 py-3">{money(order.amount, order.currency)}</td>
              <td className="px-4 py-3">
                {t(`statuses.${order.status}`)}
                {order.paidAt && <span className="ml-1 text-xs text-slate-500">{format.dateTime(order.paidAt, { dateStyle: "medium", timeStyle: "short" })}</span>}
              </td>
              <td className="px-4 py-3">
                <time dateTime={order.createdAt.toISOString()}>{format.dateTime(order.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
              </td>
              <td className="px-4 py-3">
                {order.status === "pending" && (
                  <ConfirmActionButton
                    variant="primary"
                    action={markOrderPaidAction.bind(null, order.id)}
                    label={t("markPaid")}
                    title={t("markPaidTitle")}
                    message={t("markPaidText", { buyer, amount: money(order.amount, order.currency), name: listingName })}
                    cancelLabel={t("back")}
                    done={t("markedPaid")}
                  />
                )}
              </td>
            </tr>
          ))}
        </ListTable>
        <Pagination
          page={query.page}
          hasNext={query.page < page.pageCount}
          hrefFor={(n) => listHref("/admin/orders", { ...query, page: n })}
          label={t("pagination")}
          status={t("pageOf", { page: query.page, pageCount: page.pageCount, total: page.total })}
          previous={t("previous")}
          next={t("next")}
        />
      </section>
    </ClientMessages>
  );
}
