import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Pagination } from "@/components/ui/pagination";
import { requireRole } from "@/lib/auth/guards";
import { listTasks, TASKS_PAGE_SIZE } from "@/lib/devices/batch/queries";
import { AutoRefresh } from "../_components/auto-refresh";
import { TaskProgress } from "../_components/task-status";

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
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table aria-label={t("tasksLabel")} className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              {["taskName", "taskProgress", "created", "actions"].map((key) => (
                <th key={key} scope="col" className="px-4 py-3 font-medium">
                  {t(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-4 py-10 text-center text-slate-500">
                  {t("tasksEmpty")}
                </td>
              </tr>
            ) : (
              rows.map((task) => (
                <tr key={task.id}>
                  <td className="px-4 py-3">{task.name}</td>
                  <td className="px-4 py-3">
                    <TaskProgress task={task} />
                  </td>
                  <td className="px-4 py-3">{format.dateTime(task.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td className="px-4 py-3">
                    <Link href={`/workbench/devices/tasks/${task.id}`} className="text-blue-700 hover:underline" aria-label={t("detailsOf", { name: task.name })}>
                      {t("details")}
                    </Link>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
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
