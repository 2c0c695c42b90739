import type { DeploymentTarget } from "@/db/schema";
import type { Provider } from "../types";
import { dockerProvider } from "./docker";
import { kubernetesProvider } from "./kubernetes";
import { sandboxProvider } from "./sandbox";

/** The provider for a target. */
export function providerFor(target: DeploymentTarget): Provider {
  switch (target.provider) {
    case "docker":
      return dockerProvider(target);
    case "sandbox":
      return sandboxProvider(target);
    case "kubernetes":
      return kubernetesProvider(target);
  }
}
