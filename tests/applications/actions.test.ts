import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { applications, specs, type User } from "@/db/schema";
import { listApplications } from "@/lib/applications/queries";
import { applicationListQuerySchema } from "@/lib/applications/schema";
import { listIndustries } from "@/lib/industries/queries";
import { listSpecs } from "@/lib/specs/queries";
import { exportSpec } from "@/lib/specs/transfer";
import { makeApp, makeSpec } from "../support/apps";
import { makeUser } from "../support/users";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/lib/auth/config", () => ({ auth, signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));
const actions = await import("@/app/(console)/console/applications/actions");
const industryActions = await import("@/app/(admin)/admin/industries/actions");

const signIn = (user: User) => auth.mockResolvedValue({ user: { id: user.id } });
function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}
const appFields = { name: "智慧停车", industry: "智慧园区", scenario: "智能停车", description: "车位引导" };
const specFields = { type: "experience", location: "private", name: "体验版", description: "共享体验实例", priceMonthly: "", priceYearly: "", currency: "CNY" };
const names = (user: User) => listApplications(user.id, applicationListQuerySchema.parse({})).applications.map((a) => a.name);

describe("application and spec actions", () => {
  beforeEach(() => auth.mockReset());

  it("create an application and a spec, landing on the application and then the spec's dependency page", async () => {
    const isv = await makeUser(["isv"]);
    signIn(isv);
    await expect(actions.createApplicationAction(null, form(appFields))).rejects.toThrow(/NEXT_REDIRECT \/console\/applications\/[\w-]+$/);
    const [app] = listApplications(isv.id, applicationListQuerySchema.parse({})).applications;
    expect(app).toMatchObject(appFields);
    await expect(actions.createSpecAction(app.id, null, form(specFields))).rejects.toThrow(
      new RegExp(`NEXT_REDIRECT /console/applications/${app.id}/specs/[\\w-]+/dependencies$`),
    );
    expect(listSpecs(app.id)).toEqual([expect.objectContaining({ type: "experience", location: "private", allowTrial: false, priceMonthly: null })]);
  });

  it("return translated field errors and the typed values, storing nothing", async () => {
    const isv = await makeUser(["isv"]);
    signIn(isv);
    const bad = await actions.createApplicationAction(null, form({ ...appFields, name: "x".repeat(65), description: "d".repeat(1025) }));
    expect(bad).toMatchObject({ ok: false, message: "invalidInput", fieldErrors: { name: ["nameTooLong"], description: ["descriptionTooLong"] }, values: { industry: "智慧园区" } });
    const app = makeApp(isv, "已有");
    const dup = await actions.createApplicationAction(null, form({ ...appFields, name: "已有" }));
    expect(dup).toMatchObject({ ok: false, message: "applicationNameTaken", fieldErrors: { name: ["applicationNameTaken"] } });
    expect(names(isv)).toEqual(["已有"]);

    const specBad = await actions.createSpecAction(app.id, null, form({ ...specFields, description: "", priceYearly: "12", currency: "" }));
    expect(specBad).toMatchObject({ ok: false, fieldErrors: { description: ["specDescriptionRequired"] } });
    const noCurrency = await actions.createSpecAction(app.id, null, form({ ...specFields, priceYearly: "12", currency: "" }));
    expect(noCurrency).toMatchObject({ ok: false, fieldErrors: { currency: ["currencyRequired"] } });
    expect(listSpecs(app.id)).toEqual([]);
  });

  it("edit, copy, import, refuse to delete a listed spec, and delete the application", async () => {
    const isv = await makeUser(["isv"]);
    signIn(isv);
    const app = makeApp(isv, "网关");
    const spec = makeSpec(isv, app.id, "标准版");
    expect(await actions.updateApplicationAction(app.id, null, form({ ...appFields, name: "网关 Pro" }))).toEqual({ ok: true });
    expect(await actions.updateSpecAction(app.id, spec.id, null, form({ ...specFields, name: "标准版", allowTrial: "on", priceMonthly: "9.9" }))).toEqual({ ok: true });
    expect(listSpecs(app.id)[0]).toMatchObject({ allowTrial: true, priceMonthly: 990, currency: "CNY" });
    expect(await actions.copySpecAction(app.id, spec.id)).toEqual({ ok: true, data: { name: "标准版 副本" } });

    const { bytes } = await exportSpec(isv, spec.id);
    const imported = await actions.importSpecAction(app.id, null, form({ file: new File([Buffer.from(bytes)], "x.zip"), name: "导入版" }));
    expect(imported).toEqual({ ok: true, data: { name: "导入版", unresolved: [] } });
    const big = await actions.importSpecAction(app.id, null, form({ file: new File([new Uint8Array(500 * 1024 + 1)], "big.zip"), name: "" }));
    expect(big).toMatchObject({ ok: false, message: "zipTooLarge" });
    const notZip = await actions.importSpecAction(app.id, null, form({ file: new File(["hello"], "x.zip"), name: "" }));
    expect(notZip).toMatchObject({ ok: false, message: "zipInvalid" });
    expect(await actions.importSpecAction(app.id, null, form({ name: "" }))).toMatchObject({ ok: false, message: "zipMissing" });
    expect(listSpecs(app.id).map((s) => s.name)).toEqual(["标准版", "标准版 副本", "导入版"]);

    getDb().update(specs).set({ status: "listed" }).where(eq(specs.id, spec.id)).run();
    expect(await actions.deleteSpecAction(app.id, spec.id)).toEqual({ ok: false, message: "specListed", params: { name: "标准版" } });
    const copy = listSpecs(app.id)[1];
    expect(await actions.deleteSpecAction(app.id, copy.id)).toEqual({ ok: true });

    getDb().update(applications).set({ reviewStatus: "approved", publishedAt: new Date() }).where(eq(applications.id, app.id)).run();
    expect(await actions.deleteApplicationAction(app.id)).toMatchObject({ ok: false, message: "applicationPublished" });
    getDb().update(applications).set({ reviewStatus: "none", publishedAt: null }).where(eq(applications.id, app.id)).run();
    await expect(actions.deleteApplicationAction(app.id)).rejects.toThrow("NEXT_REDIRECT /console/applications");
    expect(names(isv)).toEqual([]);
  });

  it("keep two ISVs apart and refuse buyers", async () => {
    const a = await makeUser(["isv"]);
    const b = await makeUser(["isv"]);
    const app = makeApp(a, "A 的应用");
    const spec = makeSpec(a, app.id);
    signIn(b);
    const notFound = { ok: false, message: "applicationNotFound" };
    expect(await actions.updateApplicationAction(app.id, null, form(appFields))).toMatchObject(notFound);
    expect(await actions.deleteApplicationAction(app.id)).toMatchObject(notFound);
    expect(await actions.createSpecAction(app.id, null, form(specFields))).toMatchObject(notFound);
    expect(await actions.updateSpecAction(app.id, spec.id, null, form(specFields))).toMatchObject({ ok: false, message: "specNotFound" });
    expect(await actions.deleteSpecAction(app.id, spec.id)).toMatchObject({ ok: false, message: "specNotFound" });
    expect(await actions.copySpecAction(app.id, spec.id)).toMatchObject({ ok: false, message: "specNotFound" });
    const { bytes } = await exportSpec(a, spec.id);
    expect(await actions.importSpecAction(app.id, null, form({ file: new File([Buffer.from(bytes)], "x.zip"), name: "" }))).toMatchObject(notFound);
    expect(listSpecs(app.id).map((s) => s.name)).toEqual(["标准版"]);
    expect(names(a)).toEqual(["A 的应用"]);

    signIn(await makeUser(["buyer"]));
    await expect(actions.createApplicationAction(null, form(appFields))).rejects.toThrow("NEXT_FORBIDDEN");
    auth.mockResolvedValue(null);
    await expect(actions.deleteSpecAction(app.id, spec.id)).rejects.toThrow("NEXT_REDIRECT /login");
  });

  it("let operators, and only operators, edit the industries", async () => {
    signIn(await makeUser(["isv"]));
    await expect(industryActions.saveIndustryAction(null, null, form({ name: "智慧医疗", scenarios: "病房监护" }))).rejects.toThrow("NEXT_FORBIDDEN");
    signIn(await makeUser(["operator"]));
    expect(await industryActions.saveIndustryAction(null, null, form({ name: "智慧医疗", scenarios: "病房监护\n\n 药品冷链 " }))).toEqual({ ok: true });
    expect(listIndustries().at(-1)).toMatchObject({ name: "智慧医疗", scenarios: ["病房监护", "药品冷链"] });
    expect(await industryActions.saveIndustryAction(null, null, form({ name: "智慧园区", scenarios: "x" }))).toMatchObject({ ok: false, fieldErrors: { name: ["industryExists"] } });
    expect(await industryActions.saveIndustryAction(null, null, form({ name: "空", scenarios: "" }))).toMatchObject({ ok: false, fieldErrors: { scenarios: ["scenariosRequired"] } });
    expect(await industryActions.saveIndustryAction(null, null, form({ name: "长", scenarios: "x".repeat(33) }))).toMatchObject({ ok: false, fieldErrors: { scenarios: ["labelTooLong"] } });
    const medical = listIndustries().at(-1)!;
    expect(await industryActions.saveIndustryAction(medical.id, null, form({ name: "智慧医疗", scenarios: "远程问诊" }))).toEqual({ ok: true });
    expect(listIndustries().at(-1)!.scenarios).toEqual(["远程问诊"]);
    expect(await industryActions.deleteIndustryAction(medical.id)).toEqual({ ok: true });
    expect(listIndustries().map((i) => i.name)).not.toContain("智慧医疗");
  });
});
