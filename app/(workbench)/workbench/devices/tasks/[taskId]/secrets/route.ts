import { getCurrentUser } from "@/lib/auth/guards";
import { takeGeneratedSecrets } from "@/lib/devices/batch/service";
import { AppError } from "@/lib/errors";

/**
 * The task's generated secrets as CSV, once. POST (a form button), so that no prefetch or crawler
 * can use up the one download.
 */
export async function POST(request: Request, { params }: { params: Promise<{ taskId: string }> }) {
  const user = await getCurrentUser();
  if (!user?.roles.includes("buyer")) return new Response("Forbidden", { status: 403 });
  const { taskId } = await params;
  try {
    const csv = takeGeneratedSecrets(user, taskId);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="secrets-${taskId}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const back = new URL(`/workbench/devices/tasks/${encodeURIComponent(taskId)}?notice=${error.message}`, request.url);
    return Response.redirect(back, 303);
  }
}
