import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ITEM_STATUSES } from "@/db/enums";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Pagination } from "@/components/ui/pagination";
import { requireRole } from "@/lib/auth/guards";
import { hasSecretsToTake, listTaskItems } from "@/lib/devices/batch/queries";
import { taskItemsQuerySchema } from "@/lib/devices/schema";
import { NotFoundError } from "@/lib/errors";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { TaskProgress } from "../../_components/task-status";
import { RetryButton } from "./retry-button";
import { ListTable } from "@/components/ui/list-table";
import { ClientMessages } from "@/components/shell/client-messages";

const PAGE_SIZE = 50;

export async function generateMetadata() {
  return { title: (await getTranslations("devices"))("taskDetails") };
}

type Props = { params: Promise<{ taskId: string }>; searchParams: Promise<Record<string, string | undefined>> };

/** 执行详情: the task's rows, paged and filtered by status on the server. */
export default async function TaskPage({ params, searchParams }: Props) {
  const user = await requireRole("buyer");
  const t = await getTranslations("devices");
  const tErrors = await getTranslations("errors");
  const format = await getFormatter();
  const { taskId } = await params;
  const search = await searchParams;
  const query = taskItemsQuerySchema.parse(search);
  let result;
  try {
    result = listTaskItems(user, taskId, { status: query.status, limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const { task, rows, total } = result;
  const running = task.status === "Initializing" || task.status === "Processing";
  const secretsToTake = !running && hasSecretsToTake(task.id);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const href = (p: { page?: number; status?: string }) => {
    const next = new URLSearchParams();
    if (p.status) next.set("status", p.status);
    if (p.page && p.page > 1) next.set("page", String(p.page));
    return `/workbench/devices/tasks/${task.id}${next.size ? `?${next}` : ""}`;
  };

  return (
    <ClientMessages namespaces={["devices", "errors"]}>
      <div className="space-y-4">
        <AutoRefresh active={running} />
        <Link href="/workbench/devices/tasks" className="text-sm text-blue-700 hover:underline">
          {t("backToTasks")}
        </Link>
        <h2 className="text-xl font-semibold">{t("taskDetailsOf", { name: task.name })}</h2>
        <div className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
          <TaskProgress task={task} />
          <div className="flex flex-wrap gap-2">
            {task.fail > 0 && !running && <RetryButton taskId={task.id} />}
            {secretsToTake && (
              <form method="post" action={`/workbench/devices/tasks/${task.id}/secrets`}>
                <Button type="submit" variant="secondary">
                  {t("downloadSecrets")}
                </Button>
              </form>
            )}
          </div>
          {task.error && <p role="alert" className="w-full text-sm text-red-700">{tErrors(task.error)}</p>}
          {search.notice === "secretsGone" && <p role="alert" className="w-full text-sm text-red-700">{tErrors("secretsGone")}</p>}
          {secretsToTake && <p className="w-full text-sm text-amber-800">{t("secretsOnce")}</p>}
        </div>

        <nav aria-label={t("itemFilter")} className="flex gap-2 text-sm">
          {[undefined, ...ITEM_STATUSES].map((status) => (
            <Link
              key={status ?? "all"}
              href={href({ status })}
              aria-current={query.status === status ? "page" : undefined}
              className={cn("rounded-md px-3 py-1.5", query.status === status ? "bg-blue-600 text-white" : "bg-white text-slate-700 hover:bg-slate-100")}
            >
              {status ? t(`itemStatuses.${status}`) : t("allItems")}
            </Link>
          ))}
        </nav>

        <ListTable
          label={t("itemsLabel")}
          headers={["itemStatus", "itemParams", "itemOutput", "itemError"].map((key) => t(key))}
          empty={rows.length > 0 ? null : running ? t("itemsPending") : t("itemsEmpty")}
        >
          {rows.map((item) => (
            <tr key={item.idx}>
              <td className="px-4 py-3 whitespace-nowrap">{t(`itemStatuses.${item.status}`)}</td>
              <td className="px-4 py-3 font-mono text-xs break-all">{JSON.stringify({ index: item.idx, nodeId: item.nodeId })}</td>
              <td className="px-4 py-3 font-mono text-xs break-all">{item.deviceId ? JSON.stringify({ deviceId: item.deviceId }) : ""}</td>
              <td className="px-4 py-3 text-red-700">{item.errorCode ? tErrors(item.errorCode) : ""}</td>
            </tr>
          ))}
        </ListTable>
        <Pagination
          page={query.page}
          hasNext={query.page < pageCount}
          hrefFor={(page) => href({ page, status: query.status })}
          label={t("pages")}
          previous={t("previous")}
          next={t("next")}
          status={t("pageStatus", { page: format.number(query.page), total: format.number(total) })}
        />
      </div>
    </ClientMessages>
  );
}
