// Runs one deployment's reconcile in its own process, so that a test can kill it mid-install.
import { reconcileDeployment } from "@/lib/deploy/engine";

await reconcileDeployment(process.argv[2]!);
