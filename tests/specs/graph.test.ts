import { describe, expect, it } from "vitest";
import { findCycle, graphSchema, imageReferences, parseImageReference } from "@/lib/catalog/graph";

const node = (id: string, type = "workload") => ({ id, type, properties: {} });

describe("graphSchema", () => {
  it("accepts the documented format and keeps positions, names and properties", () => {
    const graph = {
      nodes: [{ id: "net", type: "network", name: "内网", position: { x: 1.5, y: -2 }, properties: {} }, { id: "web", type: "workload", properties: { image: "gw:v1.0", env: { A: "1" } } }],
      edges: [{ from: "web", to: "net" }],
    };
    expect(graphSchema.parse(graph)).toEqual(graph);
    expect(graphSchema.parse({ nodes: [{ id: "v", type: "volume" }], edges: [] }).nodes[0].properties).toEqual({});
  });

  it.each([
    ["an unknown resource type", { nodes: [node("a", "database")], edges: [] }, "graphUnknownType"],
    ["duplicate node ids", { nodes: [node("a"), node("a")], edges: [] }, "graphDuplicateNodeId"],
    ["an edge to a missing node", { nodes: [node("a")], edges: [{ from: "a", to: "b" }] }, "graphEdgeInvalid"],
    ["a self edge", { nodes: [node("a")], edges: [{ from: "a", to: "a" }] }, "graphEdgeInvalid"],
    ["a cycle", { nodes: [node("a"), node("b"), node("c")], edges: [{ from: "a", to: "b" }, { from: "b", to: "c" }, { from: "c", to: "a" }] }, "graphCycle"],
    ["no nodes array", { edges: [] }, "graphInvalid"],
    ["not an object", "graph", "graphInvalid"],
    ["an empty id", { nodes: [node("")], edges: [] }, "graphNodeIdRequired"],
  ])("refuses %s", (_, graph, message) => {
    const parsed = graphSchema.safeParse(graph);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message)).toContain(message);
  });
});

describe("findCycle", () => {
  it("finds the cycle in a long chain without recursion, and none in a diamond", () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) => node(`n${i}`));
    const chain = nodes.slice(1).map((_, i) => ({ from: `n${i}`, to: `n${i + 1}` }));
    expect(findCycle({ nodes, edges: chain })).toBeNull();
    expect(findCycle({ nodes, edges: [...chain, { from: `n${n - 1}`, to: "n5" }] })).toHaveLength(n - 5);
    const diamond = { nodes: ["a", "b", "c", "d"].map((id) => node(id)), edges: [{ from: "a", to: "b" }, { from: "a", to: "c" }, { from: "b", to: "d" }, { from: "c", to: "d" }] };
    expect(findCycle(diamond)).toBeNull();
  });
});

describe("image references", () => {
  it("are the workloads' image properties, each once, split at the last colon", () => {
    const graph = graphSchema.parse({
      nodes: [
        { id: "a", type: "workload", properties: { image: "gw:v1.0" } },
        { id: "b", type: "workload", properties: { image: "gw:v1.0" } },
        { id: "c", type: "endpoint", properties: { image: "ignored:v1" } },
        { id: "d", type: "workload", properties: { image: 42 } },
      ],
      edges: [],
    });
    expect(imageReferences(graph)).toEqual(["gw:v1.0"]);
    expect(parseImageReference("my.app:1.0.1")).toEqual({ name: "my.app", version: "1.0.1" });
    expect(parseImageReference("nover")).toBeNull();
    expect(parseImageReference("gw:")).toBeNull();
  });
});
