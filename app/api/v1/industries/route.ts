import { withApiUser } from "@/lib/auth/api";
import { industryOptions } from "@/lib/industries/queries";

/**
 * The industries with their scenarios: `name` and `scenarios` are the values application create
 * and update calls take (Chinese); `nameEn` and `scenariosEn` (by Chinese name) are the English
 * labels, the Chinese name where the operator gave none.
 */
export const GET = withApiUser(() =>
  Response.json({
    industries: industryOptions("en").map(({ name, label, scenarios, scenarioLabels }) => ({ name, nameEn: label, scenarios, scenariosEn: scenarioLabels })),
  }),
);
