import Form from "next/form";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { AutoRefresh, RefreshButton } from "@/components/ui/auto-refresh";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { ListTable } from "@/components/ui/list-table";
import { Pagination } from "@/components/ui/pagination";
import { requireRole } from "@/lib/auth/guards";
import { listHref } from "@/lib/list-url";
import { listMyApps } from "@/lib/marketplace/queries";
import { myAppsQuerySchema } from "@/lib/marketplace/schema";
import { MyAppMenu } from "./_components/my-app-menu";
import { StateBadge } from "./_components/state-badge";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("myApps"))("title") };
}

/** 我的IoT应用: the buyer's trials and purchases, newest first. */
export default async function MyAppsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const user = await requireRole("buyer");
  const query = myAppsQuerySchema.parse(await searchParams);
  const page = listMyApps(user, query);
  const t = await getTranslations("myApps");
  const format = await getFormatter();
  const busy = page.rows.some((r) => r.deploymentStatus && ["pending", "installing", "uninstalling"].includes(r.deploymentStatus));

  return (
    <ClientMessages namespaces={["errors", "myApps"]}>
      <section data-wide className="space-y-6">
        <PageHeader title={t("title")} intro={t("intro")}>
          <Link href="/workbench/orders" className="text-sm text-blue-700 hover:underline">
            {t("orders")}
          </Link>
        </PageHeader>
        <AutoRefresh active={busy} />
        <div className="flex flex-wrap items-end gap-3">
          <Form action="/workbench/apps" role="search" className="flex items-end gap-3">
            <div className="w-64">
              <Input label={t("search")} name="q" type="search" defaultValue={query.q} maxLength={64} />
            </div>
            <Button type="submit" variant="secondary">
              {t("searchButton")}
            </Button>
          </Form>
          <RefreshButton label={t("refresh")} />
        </div>
        <ListTable
          label={t("title")}
          headers={[t("name"), t("application"), t("kind"), t("state"), t("expiresAt"), t("created"), <span key="menu" className="sr-only">{t("actions")}</span>]}
          empty={page.rows.length ? null : query.q ? t("noMatch") : (
            <>
              {t("empty")}{" "}
              <Link href="/market" className="text-blue-700 hover:underline">
                {t("toMarket")}
              </Link>
            </>
          )}
        >
          {page.rows.map(({ app, listingName, deploymentStatus, endingSoon }) => (
            <tr key={app.id} className="hover:bg-slate-50">
              <td className="px-4 py-3 font-medium">
                <Link href={`/workbench/apps/${app.id}`} className="text-blue-700 hover:underline">
                  {app.name}
                </Link>
              </td>
              <td className="px-4 py-3">{listingName}</td>
              <td className="px-4 py-3">{t(`kinds.${app.kind}`)}</td>
              <td className="px-4 py-3">
                <StateBadge status={app.status} deploymentStatus={deploymentStatus} />
              </td>
              <td className="px-4 py-3">
                {app.expiresAt ? format.dateTime(app.expiresAt, { dateStyle: "medium", timeStyle: "short" }) : "—"}
                {endingSoon && <span className="ml-2 rounded bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">{t("endingSoonTag")}</span>}
              </td>
              <td className="px-4 py-3">
                <time dateTime={app.createdAt.toISOString()}>{format.dateTime(app.createdAt, { dateStyle: "medium" })}</time>
              </td>
              <td className="px-4 py-3 text-right">
                <MyAppMenu app={{ id: app.id, name: app.name, running: deploymentStatus === "running" }} />
              </td>
            </tr>
          ))}
        </ListTable>
        <Pagination
          page={query.page}
          hasNext={query.page < page.pageCount}
          hrefFor={(n) => listHref("/workbench/apps", { ...query, page: n })}
          label={t("pagination")}
          status={t("pageOf", { page: query.page, pageCount: page.pageCount, total: page.total })}
          previous={t("previous")}
          next={t("next")}
        />
      </section>
    </ClientMessages>
  );
}
