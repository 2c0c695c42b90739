import { describe, expect, it } from "vitest";
import { billOfMaterials, CATALOG, CATALOG_ENTRIES, canDependOn, propertiesJsonSchema } from "@/lib/catalog/catalog";
import { RESOURCE_TYPES } from "@/lib/catalog/graph";
import { validateGraph, type ImageLookup } from "@/lib/catalog/validate";

// The owner's images as the validator sees them: one ready docker version and one VM image.
const images: ImageLookup = (ref) => ({ "gw:v1.0": "docker" as const, "vm:v1.0": "vm" as const })[ref];
type G = Parameters<typeof validateGraph>[0];
const web = (properties: Record<string, unknown> = { image: "gw:v1.0" }, id = "web", name?: string) => ({ id, type: "workload", name, properties });
const endpoint = (properties: Record<string, unknown> = {}) => ({ id: "ep", type: "endpoint", properties });
const codes = (graph: G) => validateGraph(graph, images).map((p) => [p.code, p.nodeId ?? null, p.path ?? null]);

describe("the catalogue", () => {
  it("describes every resource type once, with a JSON Schema for its properties", () => {
    expect(CATALOG_ENTRIES.map((e) => e.type)).toEqual([...RESOURCE_TYPES]);
    for (const type of RESOURCE_TYPES) expect(propertiesJsonSchema(type)).toMatchObject({ type: "object" });
    expect(propertiesJsonSchema("workload")).toMatchObject({ required: ["image"], properties: { memory: { unit: "MiB", default: 256 } } });
  });

  it.each([
    ["workload", "credentials", true],
    ["workload", "volume", true],
    ["endpoint", "workload", true],
    ["endpoint", "volume", false],
    ["volume", "workload", false],
    ["credentials", "workload", false],
    ["network", "endpoint", false],
    ["nonsense", "workload", false],
  ])("%s may depend on %s: %s", (from, to, allowed) => expect(canDependOn(from, to)).toBe(allowed));

  it("applies defaults and limits", () => {
    expect(CATALOG.credentials.properties.parse({})).toEqual({ username: "admin", userEnv: "ADMIN_USER", passwordEnv: "ADMIN_PASSWORD" });
    expect(CATALOG.workload.properties.parse({ image: "gw:v1.0" })).toMatchObject({ port: 8080, replicas: 1, cpu: 0.5, memory: 256, healthPath: "/" });
    expect(CATALOG.workload.properties.safeParse({ image: "gw:v1.0", replicas: 11 }).success).toBe(false);
  });

  it("bills a workload by its size and replicas and a volume by its size; credentials cost nothing, but the account they generate is listed", () => {
    const bom = billOfMaterials({
      nodes: [web({ image: "gw:v1.0", cpu: 1, memory: 512, replicas: 2 }, "web", "Web"), { id: "v", type: "volume", properties: {} }, { id: "c", type: "credentials", properties: {} }],
    });
    expect(bom).toEqual([
      { nodeId: "web", type: "workload", name: "Web", spec: "1 vCPU / 512 MiB", quantity: 2, billing: "onDemand" },
      { nodeId: "v", type: "volume", name: "v", spec: "1024 MiB", quantity: 1, billing: "onDemand" },
      { nodeId: "c", type: "credentials", name: "c", spec: "generated", quantity: 1, billing: "included" },
    ]);
  });
});

describe("validateGraph", () => {
  it("finds nothing wrong with a workload exposed on its own port", () => {
    expect(codes({ nodes: [web(), endpoint({ port: 8080 })], edges: [{ from: "ep", to: "web" }] })).toEqual([]);
  });

  it.each<[string, G, (string | null)[][]]>([
    ["an empty graph", { nodes: [], edges: [] }, [["noWorkload", null, null]]],
    ["a missing image", { nodes: [web({})], edges: [] }, [["required", "web", "image"]]],
    ["someone else's (or no) image", { nodes: [web({ image: "theirs:v1.0" })], edges: [] }, [["imageNotReady", "web", "image"]]],
    ["a VM image", { nodes: [web({ image: "vm:v1.0" })], edges: [] }, [["vmImage", "web", "image"]]],
    ["a bad port and replicas", { nodes: [web({ image: "gw:v1.0", port: 70000, replicas: 0 })], edges: [] }, [["badProperty", "web", "port"], ["badProperty", "web", "replicas"]]],
    ["a bad env name", { nodes: [web({ image: "gw:v1.0", env: { "1X": "a" } })], edges: [] }, [["badProperty", "web", "env.1X"]]],
    [
      "a cycle",
      { nodes: [web(), web({ image: "gw:v1.0" }, "api")], edges: [{ from: "web", to: "api" }, { from: "api", to: "web" }] },
      [["cycle", "web", null]],
    ],
    ["an edge the catalogue forbids", { nodes: [web(), { id: "v", type: "volume", properties: {} }], edges: [{ from: "v", to: "web" }] }, [["edgeNotAllowed", "v", null]]],
    ["an edge to nowhere", { nodes: [web()], edges: [{ from: "web", to: "ghost" }] }, [["unknownNode", "web", null]]],
    ["an endpoint without its workload", { nodes: [web(), endpoint()], edges: [] }, [["endpointWithoutWorkload", "ep", null]]],
    ["an endpoint on a port the workload lacks", { nodes: [web(), endpoint({ port: 80 })], edges: [{ from: "ep", to: "web" }] }, [["endpointPortMissing", "ep", "port"]]],
    ["two nodes with one name", { nodes: [web(undefined, "a", "Web"), web(undefined, "b", "Web")], edges: [] }, [["duplicateName", "b", null]]],
    ["two nodes with one id", { nodes: [web(), web()], edges: [] }, [["duplicateNode", "web", null]]],
    ["an unknown type", { nodes: [web(), { id: "x", type: "lambda", properties: {} }], edges: [] }, [["unknownType", "x", null]]],
  ])("reports %s", (_, graph, expected) => expect(codes(graph)).toEqual(expected));

  it("validates a 200-node graph without recursion limits", () => {
    const nodes = Array.from({ length: 200 }, (_, i) => web({ image: "gw:v1.0" }, `w${i}`));
    const edges = nodes.slice(1).map((n, i) => ({ from: n.id, to: `w${i}` }));
    expect(validateGraph({ nodes, edges }, images)).toEqual([]);
  });
});
