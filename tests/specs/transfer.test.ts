import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { specImageRefs, specs } from "@/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { listSpecs } from "@/lib/specs/queries";
import { updateSpec } from "@/lib/specs/service";
import { canonicalJson } from "@/lib/specs/spec-file";
import { exportSpec, importSpec } from "@/lib/specs/transfer";
import { makeApp, makeImageVersion, makeSpec, workloadGraph } from "../support/apps";
import { makeUser } from "../support/users";
import { lieAboutSizes, zipOf } from "../support/zips";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const specJsonOf = async (bytes: Uint8Array) => (await JSZip.loadAsync(bytes)).file("spec.json")!.async("string");
const specCount = () => getDb().select().from(specs).all().length;

/** A valid spec.json with `change` merged into its top level. */
function specFile(change: Record<string, unknown> = {}) {
  return canonicalJson({
    formatVersion: 1,
    spec: { type: "general", location: "cloud", name: "导入版", description: "from a pipeline", allowTrial: true },
    pricePlan: { currency: "CNY", perMonth: 12.5, perYear: null },
    graph: workloadGraph("gw:v1.0"),
    ...change,
  });
}

describe("exportSpec and importSpec", () => {
  it("round-trips: export → import (another ISV, re-linked to its own images) → export gives the same spec.json", async () => {
    const isv = await makeUser(["isv"]);
    const buyerIsv = await makeUser(["isv"]);
    makeImageVersion(isv, "gw", "v1.0");
    const theirs = makeImageVersion(buyerIsv, "gw", "v1.0", { stored: true });
    const app = makeApp(isv, "园区/网关");
    const spec = updateSpec(isv, makeSpec(isv, app.id, "标准版", workloadGraph("gw:v1.0")).id, { priceMonthly: 99.9, currency: "CNY", allowTrial: true });

    const first = await exportSpec(isv, spec.id);
    expect(first.fileName).toBe("园区_网关-标准版.zip");
    const zip = await JSZip.loadAsync(first.bytes);
    expect(Object.keys(zip.files).sort()).toEqual(["README.md", "spec.json"]);
    const json = JSON.parse(await specJsonOf(first.bytes));
    expect(json).toMatchObject({ formatVersion: 1, pricePlan: { currency: "CNY", perMonth: 99.9, perYear: null }, spec: { name: "标准版", allowTrial: true } });
    expect(await specJsonOf(first.bytes)).not.toContain(spec.id);

    const imported = await importSpec(buyerIsv, makeApp(buyerIsv).id, first.bytes);
    // Its graph validates against the importer's own images: configured, as a saved spec would be.
    expect(imported).toMatchObject({ name: "标准版", status: "configured", unresolvedImages: [], priceMonthly: 9990 });
    expect(getDb().select().from(specImageRefs).all().filter((r) => r.specId === imported.id).map((r) => r.imageVersionId)).toEqual([theirs.id]);
    const second = await exportSpec(buyerIsv, imported.id);
    expect(await specJsonOf(second.bytes)).toBe(await specJsonOf(first.bytes));
    expect(Buffer.from(second.bytes).equals(Buffer.from((await exportSpec(buyerIsv, imported.id)).bytes))).toBe(true);
  });

  it("creates the spec even when images cannot be resolved, listing them; takes a new name on request", async () => {
    const isv = await makeUser(["isv"]);
    const app = makeApp(isv);
    const spec = await importSpec(isv, app.id, await zipOf({ "spec.json": specFile() }));
    expect(spec).toMatchObject({ name: "导入版", status: "draft", unresolvedImages: ["gw:v1.0"], priceMonthly: 1250, priceYearly: null, currency: "CNY" });
    await expect(importSpec(isv, app.id, new Uint8Array())).rejects.toThrow(expect.objectContaining({ message: "zipEmpty" }));
    await expect(importSpec(isv, app.id, await zipOf({ "spec.json": specFile() }))).rejects.toThrow(ConflictError);
    expect((await importSpec(isv, app.id, await zipOf({ "spec.json": specFile() }), { name: "第二份" })).name).toBe("第二份");
    // A zip wrapped in one folder, as file managers make them.
    expect((await importSpec(isv, app.id, await zipOf({ "export/spec.json": specFile() }), { name: "第三份" })).name).toBe("第三份");
  });

  it("ignores entries with .. or absolute paths and never writes them anywhere", async () => {
    const isv = await makeUser(["isv"]);
    const app = makeApp(isv);
    const evil = { "../evil.txt": "x", "/abs-evil.txt": "x", "a/../../evil2.txt": "x" };
    const spec = await importSpec(isv, app.id, await zipOf({ ...evil, "spec.json": specFile() }));
    expect(spec.name).toBe("导入版");
    for (const dir of [process.cwd(), path.dirname(process.env.DATA_DIR!), process.env.DATA_DIR!, "/"]) {
      expect(fs.existsSync(path.join(dir, "evil.txt"))).toBe(false);
      expect(fs.existsSync(path.join(dir, "abs-evil.txt"))).toBe(false);
    }
    await expect(importSpec(isv, app.id, await zipOf({ "../spec.json": specFile() }))).rejects.toThrow(expect.objectContaining({ message: "specFileMissing" }));
  });

  it.each([
    ["over 500 KB (refused by size before it is read)", async () => new Uint8Array(500 * 1024 + 1), "zipTooLarge"],
    ["not a zip", async () => new TextEncoder().encode("just text, not a zip"), "zipInvalid"],
    ["a bomb by its entries together", async () => zipOf({ "spec.json": specFile(), "zeros.bin": "0".repeat(5 * 1024 * 1024) }), "zipBomb"],
    ["a bomb that lies about its sizes", async () => lieAboutSizes(await zipOf({ "spec.json": " ".repeat(6 * 1024 * 1024) + specFile() }), 100), "zipBomb"],
    ["a bomb that lies about another entry's size", async () => lieAboutSizes(await zipOf({ "zeros.bin": "0".repeat(6 * 1024 * 1024), "spec.json": specFile() }), 100), "zipBomb"],
    ["without spec.json", async () => zipOf({ "README.md": "hi" }), "specFileMissing"],
    ["with an unknown formatVersion", async () => zipOf({ "spec.json": specFile({ formatVersion: 99 }) }), "specFormatUnsupported"],
    ["with invalid JSON", async () => zipOf({ "spec.json": "{ not json" }), "specJsonInvalid"],
    ["with an unknown resource type", async () => zipOf({ "spec.json": specFile({ graph: { nodes: [{ id: "a", type: "database", properties: {} }], edges: [] } }) }), "specFileInvalid"],
    ["with a cycle", async () => zipOf({ "spec.json": specFile({ graph: { nodes: [{ id: "a", type: "workload" }, { id: "b", type: "volume" }], edges: [{ from: "a", to: "b" }, { from: "b", to: "a" }] } }) }), "specFileInvalid"],
    ["with fields over their limits", async () => zipOf({ "spec.json": specFile({ spec: { type: "general", location: "cloud", name: "n".repeat(65), description: "d".repeat(301), allowTrial: false } }) }), "specFileInvalid"],
  ])("refuses a zip %s, creating nothing", async (_, make, message) => {
    const isv = await makeUser(["isv"]);
    const app = makeApp(isv);
    const before = specCount();
    await expect(importSpec(isv, app.id, await make())).rejects.toThrow(expect.objectContaining({ constructor: ValidationError, message }));
    expect(specCount()).toBe(before);
    expect(listSpecs(app.id)).toEqual([]);
  });

  it("names the offending fields of an invalid spec.json", async () => {
    const isv = await makeUser(["isv"]);
    const app = makeApp(isv);
    const bad = specFile({
      spec: { type: "general", location: "cloud", name: "n".repeat(65), description: "ok", allowTrial: false },
      graph: { nodes: [{ id: "a", type: "database" }, { id: "b", type: "workload" }, { id: "c", type: "workload" }], edges: [{ from: "b", to: "c" }, { from: "c", to: "b" }] },
    });
    await expect(importSpec(isv, app.id, await zipOf({ "spec.json": bad }))).rejects.toThrow(
      expect.objectContaining({ fieldErrors: { "spec.name": ["nameTooLong"], "graph.nodes.0.type": ["graphUnknownType"] } }),
    );
    const cyclic = specFile({ graph: { nodes: [{ id: "b", type: "workload" }, { id: "c", type: "workload" }], edges: [{ from: "b", to: "c" }, { from: "c", to: "b" }] } });
    await expect(importSpec(isv, app.id, await zipOf({ "spec.json": cyclic }))).rejects.toThrow(expect.objectContaining({ fieldErrors: { "graph.edges": ["graphCycle"] } }));
  });

  it("answers another ISV's application or spec like a missing one", async () => {
    const isv = await makeUser(["isv"]);
    const other = await makeUser(["isv"]);
    const app = makeApp(isv);
    const spec = makeSpec(isv, app.id);
    await expect(exportSpec(other, spec.id)).rejects.toThrow(NotFoundError);
    await expect(importSpec(other, app.id, await zipOf({ "spec.json": specFile() }))).rejects.toThrow(NotFoundError);
    expect(listSpecs(app.id)).toHaveLength(1);
  });
});
