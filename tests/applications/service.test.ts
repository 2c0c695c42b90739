import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { applications, specs } from "@/db/schema";
import { getApplicationOrThrow, listApplications } from "@/lib/applications/queries";
import { applicationListQuerySchema, createApplicationSchema } from "@/lib/applications/schema";
import { createApplication, deleteApplication, updateApplication } from "@/lib/applications/service";
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { listIndustries } from "@/lib/industries/queries";
import { makeApp, makeSpec } from "../support/apps";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const query = (q: Record<string, string> = {}) => applicationListQuerySchema.parse(q);
const valid = { name: "园区网关", industry: "智慧园区", scenario: "园区安防", description: "边缘网关" };

describe("industries", () => {
  it("are seeded with the issue's industries, each with scenarios", () => {
    const names = listIndustries().map((i) => i.name);
    expect(names).toEqual(["智慧园区", "智慧城市", "智能制造", "智慧能源", "智慧交通", "智慧农业"]);
    expect(listIndustries().every((i) => i.scenarios.length > 0)).toBe(true);
  });
});

describe("createApplication", () => {
  it("creates an application that only its owner sees", async () => {
    const isv = await makeUser(["isv"]);
    const other = await makeUser(["isv"]);
    const app = createApplication(isv, valid);
    expect(getApplicationOrThrow(isv.id, app.id)).toMatchObject({ ...valid, reviewStatus: "none", publishedAt: null });
    expect(() => getApplicationOrThrow(other.id, app.id)).toThrow(expect.objectContaining({ constructor: NotFoundError, message: "applicationNotFound" }));
    expect(listApplications(other.id, query()).total).toBe(0);
    // The same name is fine for another ISV.
    expect(createApplication(other, valid).name).toBe("园区网关");
  });

  it.each([
    [{ ...valid, name: "" }, { name: ["nameRequired"] }],
    [{ ...valid, name: "x".repeat(65) }, { name: ["nameTooLong"] }],
    [{ ...valid, description: "x".repeat(1025) }, { description: ["descriptionTooLong"] }],
    [{ ...valid, industry: "", scenario: "" }, { industry: ["industryRequired"], scenario: ["scenarioRequired"] }],
  ])("the schema refuses %o", (input, fieldErrors) => {
    const parsed = createApplicationSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join("."), [i.message]]))).toEqual(fieldErrors);
  });

  it("refuses unknown industries or scenarios, duplicate names and buyers, storing nothing", async () => {
    const isv = await makeUser(["isv"]);
    createApplication(isv, valid);
    expect(() => createApplication(isv, { ...valid, scenario: "智能灌溉" })).toThrow(
      expect.objectContaining({ constructor: ValidationError, fieldErrors: { scenario: ["scenarioUnknown"] } }),
    );
    expect(() => createApplication(isv, { ...valid, industry: "太空" })).toThrow(ValidationError);
    expect(() => createApplication(isv, valid)).toThrow(expect.objectContaining({ constructor: ConflictError, fieldErrors: { name: ["applicationNameTaken"] } }));
    const buyer = await makeUser(["buyer"]);
    expect(() => createApplication(buyer, valid)).toThrow(ForbiddenError);
    expect(listApplications(isv.id, query()).total).toBe(1);
  });
});

describe("listApplications", () => {
  it("filters by name and review status on the server, with spec counts", async () => {
    const isv = await makeUser(["isv"]);
    const a = makeApp(isv, "Parking 100%");
    makeApp(isv, "Lighting");
    makeSpec(isv, a.id, "s1");
    makeSpec(isv, a.id, "s2");
    getDb().update(applications).set({ reviewStatus: "pending" }).where(eq(applications.id, a.id)).run();
    expect(listApplications(isv.id, query()).applications.map((r) => [r.name, r.specCount])).toEqual([["Parking 100%", 2], ["Lighting", 0]]);
    expect(listApplications(isv.id, query({ q: "parking" })).applications.map((r) => r.name)).toEqual(["Parking 100%"]);
    expect(listApplications(isv.id, query({ q: "%" })).total).toBe(1);
    expect(listApplications(isv.id, query({ q: "_" })).total).toBe(0);
    expect(listApplications(isv.id, query({ status: "pending" })).applications.map((r) => r.name)).toEqual(["Parking 100%"]);
    expect(listApplications(isv.id, query({ status: "none" })).applications.map((r) => r.name)).toEqual(["Lighting"]);
    expect(listApplications(isv.id, query({ status: "bogus", page: "x" })).total).toBe(2);
  });
});

describe("updateApplication and deleteApplication", () => {
  it("edit their own applications only, with the same rules as create", async () => {
    const isv = await makeUser(["isv"]);
    const other = await makeUser(["isv"]);
    const app = makeApp(isv, "one");
    makeApp(isv, "two");
    expect(updateApplication(isv, app.id, { name: "uno", scenario: "能耗管理" })).toMatchObject({ name: "uno", scenario: "能耗管理", industry: "智慧园区" });
    expect(() => updateApplication(isv, app.id, { name: "two" })).toThrow(ConflictError);
    expect(() => updateApplication(isv, app.id, { industry: "智慧农业" })).toThrow(ValidationError);
    expect(() => updateApplication(other, app.id, { name: "stolen" })).toThrow(NotFoundError);
    expect(() => deleteApplication(other, app.id)).toThrow(NotFoundError);
    expect(getApplicationOrThrow(isv.id, app.id).name).toBe("uno");
  });

  it("deletes an application with its specs until it is published", async () => {
    const isv = await makeUser(["isv"]);
    const app = makeApp(isv);
    const spec = makeSpec(isv, app.id);
    deleteApplication(isv, app.id);
    expect(() => getApplicationOrThrow(isv.id, app.id)).toThrow(NotFoundError);
    expect(getDb().select().from(specs).where(eq(specs.id, spec.id)).get()).toBeUndefined();

    const published = makeApp(isv);
    getDb().update(applications).set({ reviewStatus: "approved", publishedAt: new Date() }).where(eq(applications.id, published.id)).run();
    expect(() => deleteApplication(isv, published.id)).toThrow(expect.objectContaining({ constructor: InvalidStateError, message: "applicationPublished" }));
    expect(getApplicationOrThrow(isv.id, published.id)).toBeTruthy();
  });
});
