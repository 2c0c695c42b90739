import { authenticateRequest } from "@/lib/auth/guards";
import { BATCH_COLUMNS } from "@/lib/devices/batch/parse";

/** The batch registration template: the header and two example rows (a secret and a certificate device). */
export async function GET(request: Request) {
  if (!(await authenticateRequest(request))) return new Response("Unauthorized", { status: 401 });
  const csv = [BATCH_COLUMNS.join(","), "meter-0001,Meter 1,<product_id>,SECRET,,", `meter-0002,Meter 2,<product_id>,CERTIFICATES,,${"0".repeat(64)}`, ""].join("\r\n");
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="device-template.csv"' },
  });
}
