import "server-only";

/**
 * Whether a deployment of this spec is running. Deployments do not exist yet (deploy-test and
 * purchase issues); until they do, nothing runs. Replace this with the real check there: spec and
 * application deletes both ask it.
 */
export function hasRunningDeployment(specId: string): boolean {
  void specId;
  return false;
}
