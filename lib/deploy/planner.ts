import type { DeployGraphJson } from "@/db/schema/deployments";

export type Plan = {
  /** A topological install order: every node after the nodes it depends on. */
  order: string[];
  /** Nodes grouped by depth: the nodes of one level do not depend on each other. */
  levels: string[][];
  dependsOn: Map<string, string[]>;
  dependents: Map<string, string[]>;
};

export class PlanError extends Error {
  constructor(
    readonly code: "cycle" | "unknownNode" | "duplicateNode",
    readonly nodeId: string,
  ) {
    super(`${code}: ${nodeId}`);
  }
}

/**
 * Install order of a graph whose edges read "from depends on to" (Kahn's algorithm, stable in the
 * graph's node order). Uninstall walks it backwards.
 */
export function planGraph(graph: DeployGraphJson): Plan {
  const ids = graph.nodes.map((n) => n.id);
  const dependsOn = new Map(ids.map((id) => [id, [] as string[]]));
  const dependents = new Map(ids.map((id) => [id, [] as string[]]));
  if (dependsOn.size !== ids.length) throw new PlanError("duplicateNode", ids.find((id, i) => ids.indexOf(id) !== i)!);
  for (const { from, to } of graph.edges) {
    if (!dependsOn.has(from)) throw new PlanError("unknownNode", from);
    if (!dependsOn.has(to)) throw new PlanError("unknownNode", to);
    if (!dependsOn.get(from)!.includes(to)) {
      dependsOn.get(from)!.push(to);
      dependents.get(to)!.push(from);
    }
  }
  const waiting = new Map(ids.map((id) => [id, dependsOn.get(id)!.length]));
  const levels: string[][] = [];
  let current = ids.filter((id) => waiting.get(id) === 0);
  while (current.length) {
    levels.push(current);
    const next: string[] = [];
    for (const id of current) {
      for (const dependent of dependents.get(id)!) {
        const left = waiting.get(dependent)! - 1;
        waiting.set(dependent, left);
        if (left === 0) next.push(dependent);
      }
    }
    current = next;
  }
  const order = levels.flat();
  if (order.length !== ids.length) throw new PlanError("cycle", ids.find((id) => !order.includes(id))!);
  return { order, levels, dependsOn, dependents };
}

export class NodeFailure extends Error {
  constructor(
    readonly nodeId: string,
    readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Runs `run` for every node as soon as all its prerequisites have finished, so independent
 * branches proceed in parallel and the wall time follows the critical path. After the first
 * failure no further node starts; the ones already running finish, then the failure is thrown.
 * Once `signal` is aborted (the server is stopping) no further node starts either; the running
 * ones finish, then the abort's reason is thrown, which is not a node's failure.
 */
export async function runScheduled(
  ids: string[],
  prerequisites: (id: string) => string[],
  run: (id: string) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const left = new Map(ids.map((id) => [id, prerequisites(id).filter((p) => ids.includes(p)).length]));
  const unblocks = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const p of prerequisites(id)) unblocks.get(p)?.push(id);

  let failure: NodeFailure | null = null;
  const running = new Map<string, Promise<void>>();
  const start = (id: string) => {
    running.set(
      id,
      run(id).then(
        () => {
          running.delete(id);
          for (const next of unblocks.get(id)!) {
            left.set(next, left.get(next)! - 1);
            if (left.get(next) === 0 && !failure && !signal?.aborted) start(next);
          }
        },
        (error) => {
          running.delete(id);
          failure ??= error instanceof NodeFailure ? error : new NodeFailure(id, error);
        },
      ),
    );
  };
  signal?.throwIfAborted();
  ids.filter((id) => left.get(id) === 0).forEach(start);
  while (running.size) await Promise.race(running.values());
  if (failure) throw failure;
  signal?.throwIfAborted();
}
