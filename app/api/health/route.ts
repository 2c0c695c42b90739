import { sql } from "drizzle-orm";
import { getDb } from "@/db";

export const dynamic = "force-dynamic";

/** For container health checks: 200 when the database answers, 503 when it does not. */
export function GET() {
  try {
    getDb().get(sql`select 1`);
    return Response.json({ status: "ok", db: "ok" });
  } catch {
    return Response.json({ status: "error", db: "unavailable" }, { status: 503 });
  }
}
