import { withApiUser } from "@/lib/auth/api";
import { listIndustries } from "@/lib/industries/queries";

/** The industries with their scenarios: the values application create and update calls take. */
export const GET = withApiUser(() => Response.json({ industries: listIndustries().map(({ name, scenarios }) => ({ name, scenarios })) }));
