import type { DeploymentTarget } from "@/db/schema";
import type { Provider } from "../types";
import { dockerProvider } from "./docker";
import { sandboxProvider } from "./sandbox";

/**
 * A provider whose module is loaded at its first use: the Kubernetes client costs about 75 MB of
 * memory, which a server without Kubernetes targets should not carry from its start.
 */
function loadedOnUse(simulated: boolean, load: () => Promise<Provider>): Provider {
  let provider: Promise<Provider> | undefined;
  const get = () => (provider ??= load());
  return {
    simulated,
    check: async () => (await get()).check(),
    create: async (ctx) => (await get()).create(ctx),
    remove: async (ctx, externalId) => (await get()).remove(ctx, externalId),
    removeDeployment: async (deploymentId, log) => (await get()).removeDeployment?.(deploymentId, log),
    // Forwarded unseen: the one provider loaded this way (Kubernetes) has it.
    refreshPull: async (ctx) => {
      const loaded = await get();
      if (!loaded.refreshPull) throw new Error("this engine keeps no pull credentials to refresh");
      await loaded.refreshPull(ctx);
    },
  };
}

/** The provider for a target. */
export function providerFor(target: DeploymentTarget): Provider {
  switch (target.provider) {
    case "docker":
      return dockerProvider(target);
    case "sandbox":
      return sandboxProvider(target);
    case "kubernetes":
      return loadedOnUse(false, async () => (await import("./kubernetes")).kubernetesProvider(target));
  }
}
