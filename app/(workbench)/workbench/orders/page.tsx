import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { ConfirmActionButton } from "@/components/marketplace/confirm-action-button";
import { moneyFormatter } from "@/components/marketplace/money";
import { ListTable } from "@/components/ui/list-table";
import { Pagination } from "@/components/ui/pagination";
import { requireRole } from "@/lib/auth/guards";
import { listHref } from "@/lib/list-url";
import { getMyOrder, listMyOrders } from "@/lib/marketplace/queries";
import { orderNumber } from "@/components/marketplace/order-number";
import { ordersQuerySchema } from "@/lib/marketplace/schema";
import { cancelOrderAction } from "./actions";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("orders"))("mine") };
}

/** The buyer's orders; one placed a moment ago is highlighted with what happens next. */
export default async function MyOrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const user = await requireRole("buyer");
  const params = await searchParams;
  const query = ordersQuerySchema.parse(params);
  const page = listMyOrders(user, query.page);
  const t = await getTranslations("orders");
  const format = await getFormatter();
  const money = await moneyFormatter();
  const placed = typeof params.placed === "string" ? getMyOrder(user, params.placed) : undefined;
  return (
    <ClientMessages namespaces={["errors"]}>
      <section data-wide className="space-y-6">
        <PageHeader title={t("mine")} intro={t("mineIntro")} />
        {placed && (
          <div role="status" className="space-y-2 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
            <p className="font-medium">{t("placedNumber", { number: orderNumber(placed.order.id), name: placed.listingName })}</p>
            {placed.order.status === "pending" ? (
              <>
                <p>{t("payAmount", { amount: money(placed.order.amount, placed.order.currency) })}</p>
                <p>{t("payHow", { number: orderNumber(placed.order.id) })}</p>
              </>
            ) : (
              <p>{t(`statuses.${placed.order.status}`)}</p>
            )}
          </div>
        )}
        <ListTable
          label={t("mine")}
          headers={[t("number"), t("application"), t("spec"), t("term"), t("amount"), t("status"), t("created"), t("actions")]}
          empty={page.rows.length ? null : t("emptyMine")}
        >
          {page.rows.map(({ order, listingName }) => (
            <tr key={order.id}>
              <td className="px-4 py-3 font-mono text-xs">{orderNumber(order.id)}</td>
              <td className="px-4 py-3 font-medium">{listingName}</td>
              <td className="px-4 py-3">{order.spec.name}</td>
              <td className="px-4 py-3">{t(`terms.${order.term}`)}</td>
              <td className="px-4 py-3">{money(order.amount, order.currency)}</td>
              <td className="px-4 py-3">{t(`statuses.${order.status}`)}</td>
              <td className="px-4 py-3">
                <time dateTime={order.createdAt.toISOString()}>{format.dateTime(order.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
              </td>
              <td className="px-4 py-3">
                {order.status === "pending" && (
                  <ConfirmActionButton
                    action={cancelOrderAction.bind(null, order.id)}
                    label={t("cancelOrder")}
                    title={t("cancelTitle")}
                    message={t("cancelText", { name: listingName })}
                    cancelLabel={t("back")}
                    done={t("cancelled")}
                  />
                )}
                {order.myAppId && (
                  <Link href={`/workbench/apps/${order.myAppId}`} className="text-blue-700 hover:underline">
                    {t("openApp")}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
        <Pagination
          page={query.page}
          hasNext={query.page < page.pageCount}
          hrefFor={(n) => listHref("/workbench/orders", { page: n })}
          label={t("pagination")}
          status={t("pageOf", { page: query.page, pageCount: page.pageCount, total: page.total })}
          previous={t("previous")}
          next={t("next")}
        />
      </section>
    </ClientMessages>
  );
}
