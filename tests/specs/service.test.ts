import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { specImageRefs, specs } from "@/db/schema";
import { ConflictError, InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { beginUpload, cancelUpload } from "@/lib/images/service";
import { getSpecOrThrow, listSpecs, pricePlanOf } from "@/lib/specs/queries";
import { createSpecSchema } from "@/lib/specs/schema";
import { copySpec, createSpec, deleteSpec, updateSpec } from "@/lib/specs/service";
import { makeApp, makeImageVersion, makeSpec, workloadGraph } from "../support/apps";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const refsOf = (specId: string) => getDb().select().from(specImageRefs).where(eq(specImageRefs.specId, specId)).all().map((r) => r.imageVersionId);
const form = { type: "custom", location: "edge", name: "边缘版", description: "边缘站点部署", allowTrial: "on", priceMonthly: "99.5", priceYearly: "999", currency: "CNY" };

describe("createSpec", () => {
  it("adds a draft spec with its price plan, parsed from the dialog's form fields", async () => {
    const isv = await makeUser(["isv"]);
    const app = makeApp(isv);
    const spec = createSpec(isv, app.id, createSpecSchema.parse(form));
    expect(spec).toMatchObject({ type: "custom", location: "edge", name: "边缘版", allowTrial: true, status: "draft", priceMonthly: 9950, priceYearly: 99900, currency: "CNY" });
    expect(pricePlanOf(spec)).toEqual({ currency: "CNY", perMonth: 99.5, perYear: 999 });
    expect(spec.graph).toEqual({ nodes: [], edges: [] });
    const free = createSpec(isv, app.id, createSpecSchema.parse({ ...form, name: "free", allowTrial: undefined, priceMonthly: "", priceYearly: "", currency: "CNY" }));
    expect(free).toMatchObject({ allowTrial: false, priceMonthly: null, priceYearly: null, currency: null });
    expect(pricePlanOf(free)).toBeNull();
  });

  it.each([
    [{ type: "" }, "type", "specTypeRequired"],
    [{ location: "moon" }, "location", "specLocationRequired"],
    [{ name: "" }, "name", "nameRequired"],
    [{ name: "n".repeat(65) }, "name", "nameTooLong"],
    [{ description: "" }, "description", "specDescriptionRequired"],
    [{ description: "d".repeat(301) }, "description", "specDescriptionTooLong"],
    [{ priceMonthly: "-1" }, "priceMonthly", "priceInvalid"],
    [{ priceMonthly: "1.001" }, "priceMonthly", "priceInvalid"],
    [{ priceYearly: "abc" }, "priceYearly", "priceInvalid"],
    [{ currency: "BTC" }, "currency", "currencyInvalid"],
  ])("the schema refuses %o", (change, field, message) => {
    const parsed = createSpecSchema.safeParse({ ...form, ...change });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([expect.objectContaining({ path: [field], message })]);
  });

  it("refuses a price without currency, a duplicate name and another ISV's application, storing nothing", async () => {
    const isv = await makeUser(["isv"]);
    const other = await makeUser(["isv"]);
    const app = makeApp(isv);
    expect(() => createSpec(isv, app.id, createSpecSchema.parse({ ...form, currency: "" }))).toThrow(
      expect.objectContaining({ constructor: ValidationError, fieldErrors: { currency: ["currencyRequired"] } }),
    );
    makeSpec(isv, app.id, "dup");
    expect(() => makeSpec(isv, app.id, "dup", workloadGraph("x:v1"))).toThrow(expect.objectContaining({ constructor: ConflictError, message: "specNameTaken" }));
    expect(() => makeSpec(other, app.id, "mine")).toThrow(expect.objectContaining({ constructor: NotFoundError, message: "applicationNotFound" }));
    expect(listSpecs(app.id).map((s) => s.name)).toEqual(["dup"]);
    expect(getDb().select().from(specImageRefs).all()).toEqual([]);
  });

  it("links the graph's images to the owner's versions only, listing the rest as unresolved", async () => {
    const isv = await makeUser(["isv"]);
    const other = await makeUser(["isv"]);
    const mine = makeImageVersion(isv, "gateway", "v1.0");
    makeImageVersion(other, "theirs", "v1.0");
    // Still uploading: not linked, so cancelling the upload can still remove its row.
    beginUpload(isv, { fileName: "docker_pending_v1.0.tar", size: 5, uploadId: "pending-upload" });
    const graph = workloadGraph("gateway:v1.0");
    graph.nodes.push(
      { id: "b", type: "workload", properties: { image: "theirs:v1.0" } },
      { id: "c", type: "workload", properties: { image: "gateway:v9.9" } },
      { id: "d", type: "workload", properties: { image: "pending:v1.0" } },
    );
    const spec = makeSpec(isv, makeApp(isv).id, "s", graph);
    expect(refsOf(spec.id)).toEqual([mine.id]);
    expect(spec.unresolvedImages).toEqual(["theirs:v1.0", "gateway:v9.9", "pending:v1.0"]);
    cancelUpload("pending-upload");
  });
});

describe("updateSpec", () => {
  it("changes the fields given, rebuilds image references from a new graph, and guards ownership", async () => {
    const isv = await makeUser(["isv"]);
    const other = await makeUser(["isv"]);
    const v1 = makeImageVersion(isv, "gw", "v1.0");
    const v2 = makeImageVersion(isv, "gw", "v2.0");
    const app = makeApp(isv);
    makeSpec(isv, app.id, "taken");
    const spec = makeSpec(isv, app.id, "s", workloadGraph("gw:v1.0"));
    expect(refsOf(spec.id)).toEqual([v1.id]);
    const updated = updateSpec(isv, spec.id, { graph: workloadGraph("gw:v2.0"), priceMonthly: 10, currency: "USD" });
    expect(refsOf(spec.id)).toEqual([v2.id]);
    expect(updated).toMatchObject({ name: "s", priceMonthly: 1000, currency: "USD", unresolvedImages: [] });
    expect(updateSpec(isv, spec.id, { priceMonthly: null })).toMatchObject({ priceMonthly: null, currency: null });
    expect(() => updateSpec(isv, spec.id, { name: "taken" })).toThrow(ConflictError);
    expect(() => updateSpec(other, spec.id, { name: "x" })).toThrow(expect.objectContaining({ constructor: NotFoundError, message: "specNotFound" }));
    expect(() => getSpecOrThrow(other.id, spec.id)).toThrow(NotFoundError);
    expect(getSpecOrThrow(isv.id, spec.id).spec.name).toBe("s");
  });
});

describe("copySpec", () => {
  it("copies as '<name> 副本' with the same graph, price plan and image references; its status follows the graph, never tested", async () => {
    const isv = await makeUser(["isv"]);
    const v = makeImageVersion(isv, "gw", "v1.0", { stored: true });
    const app = makeApp(isv);
    const spec = updateSpec(isv, makeSpec(isv, app.id, "标准版", workloadGraph("gw:v1.0")).id, { priceYearly: 100, currency: "EUR" });
    getDb().update(specs).set({ status: "tested" }).where(eq(specs.id, spec.id)).run();
    const copy = copySpec(isv, spec.id, "副本");
    expect(copy).toMatchObject({ name: "标准版 副本", status: "configured", graph: spec.graph, priceYearly: 10000, currency: "EUR" });
    expect(refsOf(copy.id)).toEqual([v.id]);
    expect(copySpec(isv, spec.id, "副本").name).toBe("标准版 副本 2");
    const long = makeSpec(isv, app.id, "L".repeat(64));
    expect(copySpec(isv, long.id, "副本")).toMatchObject({ name: `${"L".repeat(61)} 副本`, status: "draft" }); // an empty graph
    const stranger = await makeUser(["isv"]);
    expect(() => copySpec(stranger, spec.id, "副本")).toThrow(NotFoundError);
  });

  it("names the copy in the ISV's language", async () => {
    const isv = await makeUser(["isv"]);
    const app = makeApp(isv);
    const spec = makeSpec(isv, app.id, "Standard");
    expect(copySpec(isv, spec.id, "copy").name).toBe("Standard copy");
    expect(copySpec(isv, spec.id, "copy").name).toBe("Standard copy 2");
  });
});

describe("deleteSpec", () => {
  it("deletes with its image references, and refuses while listed or for another ISV", async () => {
    const isv = await makeUser(["isv"]);
    makeImageVersion(isv, "gw", "v1.0");
    const app = makeApp(isv);
    const spec = makeSpec(isv, app.id, "s", workloadGraph("gw:v1.0"));
    const listed = makeSpec(isv, app.id, "listed");
    getDb().update(specs).set({ status: "listed" }).where(eq(specs.id, listed.id)).run();
    expect(() => deleteSpec(isv, listed.id)).toThrow(expect.objectContaining({ constructor: InvalidStateError, message: "specListed", params: { name: "listed" } }));
    const stranger = await makeUser(["isv"]);
    expect(() => deleteSpec(stranger, spec.id)).toThrow(NotFoundError);
    deleteSpec(isv, spec.id);
    expect(listSpecs(app.id).map((s) => s.name)).toEqual(["listed"]);
    expect(refsOf(spec.id)).toEqual([]);
  });
});
