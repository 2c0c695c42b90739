import { getTranslations } from "next-intl/server";
import { withApiUser } from "@/lib/auth/api";
import { specToJson } from "@/lib/specs/queries";
import { copySpec } from "@/lib/specs/service";

type Context = { params: Promise<{ specId: string }> };

/** "<name> 副本" ("<name> copy" with the English UI's cookie) as a draft with the same graph and price plan. */
export const POST = withApiUser<Context>(
  async (_request, user, { params }) =>
    Response.json(specToJson(copySpec(user, (await params).specId, (await getTranslations("specs"))("copyNameSuffix"))), { status: 201 }),
  { role: "isv" },
);
