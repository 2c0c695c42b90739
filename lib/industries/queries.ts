import "server-only";
import { asc } from "drizzle-orm";
import { getDb } from "@/db";
import { industries } from "@/db/schema";

/** The operator-managed industries with their scenarios (and English names), in the operator's order. */
export function listIndustries() {
  return getDb()
    .select({ id: industries.id, name: industries.name, nameEn: industries.nameEn, scenarios: industries.scenarios, scenariosEn: industries.scenariosEn })
    .from(industries)
    .orderBy(asc(industries.position), asc(industries.name))
    .all();
}
export type IndustryView = ReturnType<typeof listIndustries>[number];

/** Whether `scenario` is one of `industry`'s scenarios today. */
export function isKnownScenario(industry: string, scenario: string): boolean {
  return listIndustries().some((i) => i.name === industry && i.scenarios.includes(scenario));
}

/**
 * Names in the visitor's language. Applications store the Chinese names (the values), so these
 * look them up; an English name the operator left empty, or a name no industry has any more,
 * reads as stored.
 */
export function industryLabels(locale: string, list = listIndustries()) {
  const english = locale === "en";
  const byName = new Map(list.map((i) => [i.name, i]));
  const industry = (name: string) => (english && byName.get(name)?.nameEn) || name;
  const scenario = (industryName: string, name: string) =>
    (english && (byName.get(industryName)?.scenariosEn[name] ?? list.find((i) => i.scenariosEn[name])?.scenariosEn[name])) || name;
  return { industry, scenario };
}
export type IndustryLabels = ReturnType<typeof industryLabels>;

/** The industries as choices: Chinese names as values, labels in the visitor's language. */
export function industryOptions(locale: string) {
  const list = listIndustries();
  const labels = industryLabels(locale, list);
  return list.map((i) => ({
    name: i.name,
    label: labels.industry(i.name),
    scenarios: i.scenarios,
    scenarioLabels: Object.fromEntries(i.scenarios.map((s) => [s, labels.scenario(i.name, s)])),
  }));
}
