import { describe, expect, it } from "vitest";
import { industryLabels, industryOptions, listIndustries } from "@/lib/industries/queries";
import { englishByScenario, industryFormSchema } from "@/lib/industries/schema";
import { createIndustry, updateIndustry } from "@/lib/industries/service";
import { makeUser } from "../support/users";

describe("industry names in the visitor's language", () => {
  it("the seeded catalogue has English names after migrating; Chinese stays for zh-CN", () => {
    const park = listIndustries().find((i) => i.name === "智慧园区")!;
    expect(park).toMatchObject({ nameEn: "Smart campus" });
    const en = industryLabels("en");
    expect(en.industry("智慧园区")).toBe("Smart campus");
    expect(en.scenario("智慧园区", "园区安防")).toBe("Campus security");
    expect(industryLabels("zh-CN").industry("智慧园区")).toBe("智慧园区");
    // A name no industry has (any more) reads as stored.
    expect(en.industry("已删除的行业")).toBe("已删除的行业");
    expect(industryOptions("en").find((i) => i.name === "智慧农业")).toMatchObject({ label: "Smart agriculture", scenarioLabels: { 温室大棚: "Greenhouses" } });
  });

  it("operators give English names line by line; an empty one falls back to Chinese; too many lines are refused", async () => {
    const operator = await makeUser(["operator"]);
    const form = industryFormSchema.parse({ id: null, name: "智慧港口", nameEn: " Smart port ", scenarios: "集装箱\n堆场\n闸口", scenariosEn: "Containers\n\nGates" });
    expect(form).toMatchObject({ nameEn: "Smart port", scenarios: ["集装箱", "堆场", "闸口"] });
    expect(englishByScenario(form.scenarios, form.scenariosEn)).toEqual({ 集装箱: "Containers", 闸口: "Gates" });
    const row = createIndustry(operator, { name: form.name, nameEn: form.nameEn, scenarios: form.scenarios, scenariosEn: englishByScenario(form.scenarios, form.scenariosEn) });
    const en = industryLabels("en");
    expect([en.industry("智慧港口"), en.scenario("智慧港口", "集装箱"), en.scenario("智慧港口", "堆场")]).toEqual(["Smart port", "Containers", "堆场"]);

    const blank = industryFormSchema.parse({ id: row.id, name: "智慧港口", nameEn: "  ", scenarios: "集装箱", scenariosEn: "" });
    updateIndustry(operator, row.id, { name: blank.name, nameEn: blank.nameEn, scenarios: blank.scenarios, scenariosEn: englishByScenario(blank.scenarios, blank.scenariosEn) });
    expect(industryLabels("en").industry("智慧港口")).toBe("智慧港口");

    const refused = industryFormSchema.safeParse({ id: null, name: "智慧港口", nameEn: "", scenarios: "集装箱", scenariosEn: "Containers\nYards" });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => i.message)).toEqual(["tooManyEnglishScenarios"]);
  });
});
