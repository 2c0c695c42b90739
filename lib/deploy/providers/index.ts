import type { DeploymentTarget } from "@/db/schema";
import type { Provider } from "../types";
import { dockerProvider } from "./docker";
import { sandboxProvider } from "./sandbox";

/** The provider for a target; Kubernetes arrives with its own issue. */
export function providerFor(target: DeploymentTarget): Provider {
  switch (target.provider) {
    case "docker":
      return dockerProvider(target);
    case "sandbox":
      return sandboxProvider(target);
    case "kubernetes":
      throw new Error("Kubernetes targets are not supported yet");
  }
}
