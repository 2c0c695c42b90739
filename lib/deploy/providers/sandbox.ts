import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { DeploymentTarget } from "@/db/schema";
import type { CreatedNode, NodeContext, Provider } from "../types";

/**
 * A simulated engine for machines without one: the same steps, with delays and made-up ids.
 * Screens that show its deployments or their outputs say they are simulated (targets of provider
 * `sandbox`), and its deploy tests never make a spec tested (`simulated`).
 */
export function sandboxProvider(target: DeploymentTarget): Provider {
  const delayMs = Number(target.settings.delayMs ?? 300);
  return {
    simulated: true,
    async check() {
      return "sandbox (simulated)";
    },
    async create(ctx: NodeContext): Promise<CreatedNode> {
      await sleep(delayMs);
      ctx.log("info", `simulated ${ctx.type} created`);
      if (ctx.type === "endpoint") {
        return { externalId: `sandbox-${ctx.nodeId}`, details: { url: `http://sandbox.invalid/${ctx.deploymentId}/${ctx.nodeId}/` } };
      }
      return { externalId: (ctx.details.externalId as string) ?? `sandbox-${randomUUID()}` };
    },
    async remove(ctx: NodeContext) {
      await sleep(delayMs / 2);
      ctx.log("info", `simulated ${ctx.type} removed`);
    },
  };
}
