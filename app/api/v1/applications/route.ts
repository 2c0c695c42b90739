import { parseJsonBody, withApiUser } from "@/lib/auth/api";
import { applicationToJson, listApplications } from "@/lib/applications/queries";
import { applicationListQuerySchema, createApplicationSchema } from "@/lib/applications/schema";
import { createApplication } from "@/lib/applications/service";

/** The caller's applications; ?q=, ?status=, ?page= as on the applications page. */
export const GET = withApiUser(
  (request, user) => {
    const query = applicationListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const page = listApplications(user.id, query);
    return Response.json({ total: page.total, page: query.page, pageCount: page.pageCount, applications: page.applications.map(applicationToJson) });
  },
  { role: "isv" },
);

export const POST = withApiUser(
  async (request, user) => {
    const app = createApplication(user, await parseJsonBody(request, createApplicationSchema));
    return Response.json(applicationToJson(app), { status: 201 });
  },
  { role: "isv" },
);
