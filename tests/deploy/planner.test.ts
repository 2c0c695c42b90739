import { describe, expect, it } from "vitest";
import { NodeFailure, planGraph, PlanError, runScheduled } from "@/lib/deploy/planner";

const graph = (nodes: string[], edges: [string, string][]) => ({
  nodes: nodes.map((id) => ({ id, type: "workload" })),
  edges: edges.map(([from, to]) => ({ from, to })),
});

describe("planGraph", () => {
  it("orders every node after what it depends on, grouping independent nodes in levels", () => {
    // endpoint → app → (db, creds); db → vol
    const plan = planGraph(graph(["endpoint", "app", "db", "creds", "vol"], [["endpoint", "app"], ["app", "db"], ["app", "creds"], ["db", "vol"]]));
    expect(plan.levels).toEqual([["creds", "vol"], ["db"], ["app"], ["endpoint"]]);
    expect(plan.order).toEqual(["creds", "vol", "db", "app", "endpoint"]);
    expect(plan.dependents.get("app")).toEqual(["endpoint"]);
  });

  it.each([
    ["a cycle", graph(["a", "b", "c"], [["a", "b"], ["b", "c"], ["c", "a"]]), "cycle"],
    ["a self edge", graph(["a"], [["a", "a"]]), "cycle"],
    ["an edge to an unknown node", graph(["a"], [["a", "ghost"]]), "unknownNode"],
    ["duplicate node ids", graph(["a", "a"], []), "duplicateNode"],
  ])("refuses %s", (_name, g, code) => {
    expect(() => planGraph(g)).toThrow(expect.objectContaining({ constructor: PlanError, code }));
  });
});

describe("runScheduled", () => {
  it("starts a node as soon as its own prerequisites finish, not when its whole level does", async () => {
    const log: string[] = [];
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const deps: Record<string, string[]> = { slow: [], fast: [], afterFast: ["fast"] };
    await runScheduled(Object.keys(deps), (id) => deps[id], async (id) => {
      log.push(`start ${id}`);
      await wait(id === "slow" ? 60 : 5);
      log.push(`end ${id}`);
    });
    expect(log.indexOf("start afterFast")).toBeLessThan(log.indexOf("end slow"));
  });

  it("starts nothing new after a failure, lets running nodes finish, then throws the first failure", async () => {
    const started: string[] = [];
    const deps: Record<string, string[]> = { a: [], b: [], c: ["a"], d: ["b"] };
    const error = await runScheduled(Object.keys(deps), (id) => deps[id], async (id) => {
      started.push(id);
      await new Promise((r) => setTimeout(r, id === "b" ? 30 : 1));
      if (id === "a") throw new Error("boom");
    }).catch((e) => e);
    expect(error).toBeInstanceOf(NodeFailure);
    expect(error).toMatchObject({ nodeId: "a", message: "boom" });
    expect(started.sort()).toEqual(["a", "b"]);
  });
});
