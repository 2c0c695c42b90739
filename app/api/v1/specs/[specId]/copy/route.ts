import { withApiUser } from "@/lib/auth/api";
import { specToJson } from "@/lib/specs/queries";
import { copySpec } from "@/lib/specs/service";

type Context = { params: Promise<{ specId: string }> };

/** "<name> 副本" as a draft with the same graph and price plan. */
export const POST = withApiUser<Context>(
  async (_request, user, { params }) => Response.json(specToJson(copySpec(user, (await params).specId)), { status: 201 }),
  { role: "isv" },
);
