// A real Kubernetes API server for the tests that need one: etcd and kube-apiserver (built from
// Debian's source package by tests/support/kube-apiserver.sh, cached outside the repository) on
// loopback with free ports, token authentication, RBAC, and a self-signed serving certificate the
// API server generates in its --cert-dir. There is no kubelet, scheduler or controller manager:
// objects are stored and validated, Deployments never get replicas.
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AppsV1Api, CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { freePort } from "./ports";

const CACHE = process.env.STAGECRAFT_CACHE || "/var/cache/stagecraft";
const SCRIPT = path.resolve(import.meta.dirname, "kube-apiserver.sh");

/** The tokens of the test cluster: an administrator, and one user with no permissions at all. */
export const TOKENS = { admin: "admin-token-0123456789", nobody: "nobody-token-0123456789" };

export type TestCluster = {
  server: string;
  /** PEM of the CA that signed the API server's self-generated certificate. */
  caData: string;
  core: CoreV1Api;
  apps: AppsV1Api;
  rbac: RbacAuthorizationV1Api;
  stop: () => Promise<void>;
};

/**
 * Whether this run leaves the Kubernetes tests out: only when SKIP_KUBERNETES=1 says so, and then
 * it is said aloud. Otherwise a missing API server fails them rather than letting them pass unseen.
 */
export function skipKubernetes(): boolean {
  if (process.env.SKIP_KUBERNETES !== "1") return false;
  console.warn("SKIPPED the Kubernetes provider tests: SKIP_KUBERNETES=1 is set");
  return true;
}

/**
 * The cached kube-apiserver binary (and etcd). Never installs or builds anything: the build takes
 * minutes and needs root for apt, so it is a step of its own (.ci/run runs ${SCRIPT} first).
 * Throws saying how to get it, or how to skip these tests, when it is missing.
 */
export function kubeApiserverBinary(): string {
  const found = fs.existsSync(CACHE) ? fs.readdirSync(CACHE).filter((f) => f.startsWith("kube-apiserver-") && !f.endsWith(".tmp")).sort().at(-1) : undefined;
  const remedy = `run ${SCRIPT} first (as root), or set SKIP_KUBERNETES=1 to skip these tests`;
  if (!found) throw new Error(`no kube-apiserver under ${CACHE}: ${remedy}`);
  if (!fs.existsSync("/usr/bin/etcd")) throw new Error(`etcd is not installed: ${remedy}`);
  return path.join(CACHE, found);
}

function readyz(port: number, ca: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get(
      { host: "127.0.0.1", port, path: "/readyz", ca, rejectUnauthorized: Boolean(ca), headers: { Authorization: `Bearer ${TOKENS.admin}` }, timeout: 2000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000).then(() => child.kill("SIGKILL"))]);
}

export async function startKube(binary: string): Promise<TestCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sck-"));
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const log = (name: string) => fs.openSync(path.join(dir, `${name}.log`), "w");
  const etcd = spawn(
    "etcd",
    [
      "--name", "default", "--data-dir", path.join(dir, "etcd"),
      "--listen-client-urls", `http://127.0.0.1:${etcdPort}`, "--advertise-client-urls", `http://127.0.0.1:${etcdPort}`,
      "--listen-peer-urls", `http://127.0.0.1:${peerPort}`, "--initial-advertise-peer-urls", `http://127.0.0.1:${peerPort}`,
      "--initial-cluster", `default=http://127.0.0.1:${peerPort}`,
    ],
    { stdio: ["ignore", log("etcd"), log("etcd-err")] },
  );
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  fs.writeFileSync(path.join(dir, "sa.key"), privateKey.export({ type: "pkcs1", format: "pem" }), { mode: 0o600 });
  fs.writeFileSync(path.join(dir, "tokens.csv"), `${TOKENS.admin},admin,1,"system:masters"\n${TOKENS.nobody},nobody,2\n`, { mode: 0o600 });
  const certDir = path.join(dir, "certs");
  const apiserver = spawn(
    binary,
    [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${apiPort}`, "--insecure-port=0",
      `--cert-dir=${certDir}`,
      `--token-auth-file=${path.join(dir, "tokens.csv")}`, "--anonymous-auth=false",
      "--authorization-mode=RBAC",
      "--service-cluster-ip-range=10.96.0.0/24",
      "--service-account-issuer=https://kubernetes.default.svc",
      `--service-account-key-file=${path.join(dir, "sa.key")}`, `--service-account-signing-key-file=${path.join(dir, "sa.key")}`,
      // No controller manager removes the pvc-protection finalizer, so it is not added.
      "--disable-admission-plugins=StorageObjectInUseProtection",
      "--enable-priority-and-fairness=false",
    ],
    { stdio: ["ignore", log("apiserver"), log("apiserver-err")] },
  );
  const stopAll = async () => {
    await stopChild(apiserver);
    await stopChild(etcd);
  };
  const certFile = path.join(certDir, "apiserver.crt");
  const until = Date.now() + 90_000;
  for (;;) {
    if (fs.existsSync(certFile) && (await readyz(apiPort, fs.readFileSync(certFile, "utf8")))) break;
    if (Date.now() > until || apiserver.exitCode !== null || etcd.exitCode !== null) {
      await stopAll();
      const tail = (f: string) => fs.readFileSync(path.join(dir, f), "utf8").slice(-3000);
      throw new Error(`kube-apiserver did not become ready:\n${tail("apiserver-err.log")}\netcd:\n${tail("etcd-err.log")}`);
    }
    await sleep(300);
  }
  const caData = fs.readFileSync(certFile, "utf8");
  const server = `https://127.0.0.1:${apiPort}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server, caData: Buffer.from(caData).toString("base64") }],
    users: [{ name: "admin", token: TOKENS.admin }],
    contexts: [{ name: "c", cluster: "c", user: "admin" }],
    currentContext: "c",
  });
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const finalizer = namespaceFinalizer(core, apps);
  return {
    server,
    caData,
    core,
    apps,
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
    async stop() {
      await finalizer.stop();
      await stopAll();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Stands in for kube-controller-manager's namespace controller, which this test cluster does not
 * run: a deleted namespace stays Terminating until that controller has deleted what it contains and
 * removed the `kubernetes` finalizer. This loop does both, so "uninstall waits until the namespace
 * is gone" means in tests what it means on a real cluster.
 */
function namespaceFinalizer(core: CoreV1Api, apps: AppsV1Api) {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        for (const ns of (await core.listNamespace()).items) {
          if (!ns.metadata?.deletionTimestamp) continue;
          const namespace = ns.metadata.name!;
          const lists = await Promise.all([
            apps.listNamespacedDeployment({ namespace }).then((l) => l.items.map((i) => () => apps.deleteNamespacedDeployment({ namespace, name: i.metadata!.name! }))),
            core.listNamespacedService({ namespace }).then((l) => l.items.map((i) => () => core.deleteNamespacedService({ namespace, name: i.metadata!.name! }))),
            core.listNamespacedSecret({ namespace }).then((l) => l.items.map((i) => () => core.deleteNamespacedSecret({ namespace, name: i.metadata!.name! }))),
            core.listNamespacedPersistentVolumeClaim({ namespace }).then((l) => l.items.map((i) => () => core.deleteNamespacedPersistentVolumeClaim({ namespace, name: i.metadata!.name! }))),
          ]);
          for (const remove of lists.flat()) await remove().catch(() => undefined);
          await core.replaceNamespaceFinalize({ name: namespace, body: { ...ns, spec: { finalizers: [] } } }).catch(() => undefined);
        }
      } catch {
        // the server is stopping
      }
      await sleep(200);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}
