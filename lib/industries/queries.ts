import "server-only";
import { asc } from "drizzle-orm";
import { getDb } from "@/db";
import { industries } from "@/db/schema";

/** The operator-managed industries with their scenarios, in the operator's order. */
export function listIndustries() {
  return getDb()
    .select({ id: industries.id, name: industries.name, scenarios: industries.scenarios })
    .from(industries)
    .orderBy(asc(industries.position), asc(industries.name))
    .all();
}
export type IndustryView = ReturnType<typeof listIndustries>[number];

/** Whether `scenario` is one of `industry`'s scenarios today. */
export function isKnownScenario(industry: string, scenario: string): boolean {
  return listIndustries().some((i) => i.name === industry && i.scenarios.includes(scenario));
}
