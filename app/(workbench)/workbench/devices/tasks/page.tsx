import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Pagination } from "@/components/ui/pagination";
import { requireRole } from "@/lib/auth/guards";
import { listTasks, TASKS_PAGE_SIZE } from "@/lib/devices/batch/queries";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { TaskProgress } from "../_components/task-status";
import { ListTable } from "@/components/ui/list-table";

export async function generateMetadata() {
  return { title: (await getTranslations("devices"))("tabTasks") };
}

export default async function TasksPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requireRole("buyer");
  const t = await getTranslations("devices");
  const format = await getFormatter();
  const page = Math.max(1, Number.parseInt((await searchParams).page ?? "1", 10) || 1);
  const { rows, total } = listTasks(user, page);
  const pageCount = Math.max(1, Math.ceil(total / TASKS_PAGE_SIZE));
  return (
    <div className="space-y-4">
      <AutoRefresh active={rows.some((task) => task.status === "Initializing" || task.status === "Processing")} />
      <ListTable
        label={t("tasksLabel")}
        headers={["taskName", "taskProgress", "created", "actions"].map((key) => t(key))}
        empty={rows.length === 0 ? t("tasksEmpty") : null}
      >
        {rows.map((task) => (
          <tr key={task.id}>
            <td className="px-4 py-3">{task.name}</td>
            <td className="px-4 py-3">
              <TaskProgress task={task} />
            </td>
            <td className="px-4 py-3">
              <time dateTime={task.createdAt.toISOString()}>{format.dateTime(task.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
            </td>
            <td className="px-4 py-3">
              <Link href={`/workbench/devices/tasks/${task.id}`} className="text-blue-700 hover:underline" aria-label={t("detailsOf", { name: task.name })}>
                {t("details")}
              </Link>
            </td>
          </tr>
        ))}
      </ListTable>
      <Pagination
        page={page}
        hasNext={page < pageCount}
        hrefFor={(p) => `/workbench/devices/tasks?page=${p}`}
        label={t("pages")}
        previous={t("previous")}
        next={t("next")}
        status={t("pageStatus", { page: format.number(page), total: format.number(total) })}
      />
    </div>
  );
}
