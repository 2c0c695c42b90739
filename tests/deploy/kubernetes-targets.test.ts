import { execFileSync } from "node:child_process";
import net from "node:net";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { deploymentTargets } from "@/db/schema";
import { openCredential } from "@/lib/deploy/sealed";
import { kubernetesProvider } from "@/lib/deploy/providers/kubernetes";
import { objectName } from "@/lib/deploy/providers/kubernetes-objects";
import { listTargets } from "@/lib/deploy/queries";
import { checkTarget, createTarget, updateTarget } from "@/lib/deploy/service";
import { InvalidStateError, ValidationError } from "@/lib/errors";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const CA = execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "/dev/null", "-subj", "/CN=test-ca", "-days", "1"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "ignore"],
});
const base = { locations: ["cloud" as const], provider: "kubernetes" as const };
const settings = { server: "https://10.0.0.1:6443", caData: CA, token: "secret-token-abc", nodeAddress: "node-1.example" };
const stored = (id: string) => getDb().select().from(deploymentTargets).where(eq(deploymentTargets.id, id)).get()!.settings;

function kubeconfig(user: string, cluster = `certificate-authority-data: ${Buffer.from(CA).toString("base64")}`) {
  return `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://k8s.example:6443
    ${cluster}
users:
- name: deployer
  user:
    ${user}
contexts:
- name: prod
  context: { cluster: prod, user: deployer }
current-context: prod
`;
}

describe("kubernetes targets", () => {
  it("stores the token encrypted, never lists it, and keeps it when an edit leaves it blank", async () => {
    const operator = await makeUser(["operator"]);
    const target = await createTarget(operator, { ...base, name: "k8s", settings });
    const row = stored(target.id);
    expect(JSON.stringify(row)).not.toContain("secret-token-abc");
    expect(openCredential(target.id, "tokenEncrypted", String(row.tokenEncrypted))).toBe("secret-token-abc");
    expect(row).toMatchObject({ server: settings.server, caData: CA.trim(), nodeAddress: "node-1.example" });

    const listed = listTargets().find((t) => t.id === target.id)!;
    expect(listed.settings).toEqual({ server: settings.server, caData: CA.trim(), nodeAddress: "node-1.example", tokenSet: true });

    await updateTarget(operator, target.id, { ...base, name: "k8s", settings: { ...settings, token: undefined, readyTimeoutMs: "5000" } });
    expect(openCredential(target.id, "tokenEncrypted", String(stored(target.id).tokenEncrypted))).toBe("secret-token-abc");
    expect(stored(target.id).readyTimeoutMs).toBe(5000);
    await updateTarget(operator, target.id, { ...base, name: "k8s", settings: { ...settings, token: "rotated-token" } });
    expect(openCredential(target.id, "tokenEncrypted", String(stored(target.id).tokenEncrypted))).toBe("rotated-token");
  });

  it("takes the cluster and credentials from an uploaded kubeconfig, encrypting its token or client key", async () => {
    const operator = await makeUser(["operator"]);
    const withToken = await createTarget(operator, { ...base, name: "kc-token", settings: { kubeconfig: kubeconfig("token: kc-token-123") } });
    expect(stored(withToken.id)).toMatchObject({ server: "https://k8s.example:6443", caData: CA, nodeAddress: "k8s.example" });
    expect(openCredential(withToken.id, "tokenEncrypted", String(stored(withToken.id).tokenEncrypted))).toBe("kc-token-123");

    const key = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";
    const user = `client-certificate-data: ${Buffer.from(CA).toString("base64")}\n    client-key-data: ${Buffer.from(key).toString("base64")}`;
    const withCert = await createTarget(operator, { ...base, name: "kc-cert", settings: { kubeconfig: kubeconfig(user), nodeAddress: "10.0.0.9" } });
    const row = stored(withCert.id);
    expect(row).toMatchObject({ clientCert: CA, nodeAddress: "10.0.0.9" });
    expect(JSON.stringify(row)).not.toContain("PRIVATE KEY");
    expect(openCredential(withCert.id, "clientKeyEncrypted", String(row.clientKeyEncrypted))).toBe(key);
    expect(listTargets().find((t) => t.id === withCert.id)!.settings).toMatchObject({ clientKeySet: true });
    expect(listTargets().find((t) => t.id === withCert.id)!.settings).not.toHaveProperty("clientKeyEncrypted");
  });

  it("refuses bad settings with a message for the field, and stores nothing", async () => {
    const operator = await makeUser(["operator"]);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...settings, server: "http://10.0.0.1:6443" }, "server", "kubeServerInvalid"],
      [{ ...settings, server: "not a url" }, "server", "kubeServerInvalid"],
      [{ ...settings, caData: "hello" }, "caData", "kubeCaInvalid"],
      [{ ...settings, token: "has spaces in it" }, "token", "kubeTokenInvalid"],
      [{ ...settings, token: undefined }, "token", "kubeTokenRequired"],
      [{ ...settings, nodeAddress: "a b" }, "nodeAddress", "kubeNodeAddressInvalid"],
      [{ ...settings, readyTimeoutMs: "10" }, "readyTimeoutMs", "kubeTimeoutInvalid"],
      [{ kubeconfig: "{{{ not yaml" }, "kubeconfig", "kubeconfigInvalid"],
      [{ kubeconfig: kubeconfig("token: t", "certificate-authority: /etc/ca.crt") }, "kubeconfig", "kubeconfigUnsupported"],
      [{ kubeconfig: kubeconfig("exec: { command: aws, apiVersion: client.authentication.k8s.io/v1 }") }, "kubeconfig", "kubeconfigUnsupported"],
    ];
    for (const [bad, field, key] of cases) {
      await expect(createTarget(operator, { ...base, name: `bad-${field}`, settings: bad }), key).rejects.toThrow(
        expect.objectContaining({ constructor: ValidationError, fieldErrors: { [field]: [key] } }),
      );
    }
    expect(getDb().select().from(deploymentTargets).all().filter((t) => t.name.startsWith("bad-"))).toEqual([]);
  });

  it("gives up on an API server that accepts connections but never answers", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const server = `https://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      const operator = await makeUser(["operator"]);
      const target = await createTarget(operator, { ...base, name: "silent", settings: { ...settings, server, requestTimeoutMs: "1000" } });
      const started = Date.now();
      await expect(checkTarget(operator, target.id)).rejects.toThrow(
        expect.objectContaining({ constructor: InvalidStateError, message: "kubeUnreachable", params: { server, reason: expect.stringContaining("no answer in time") } }),
      );
      const step = kubernetesProvider({ ...target, settings: stored(target.id) }).create({
        deploymentId: "d1", nodeId: "net", type: "network", properties: {}, details: {}, dependencies: [], log: () => {},
      });
      await expect(step).rejects.toThrow(`the API server ${server} does not answer: no answer in time`);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });

  it("derives valid, distinct object names from any node id", () => {
    expect(objectName("app")).toBe("app");
    expect(objectName("web-endpoint")).toBe("web-endpoint");
    const odd = ["Web", "web ", "1st", "数据库", "a".repeat(64)].map(objectName);
    for (const name of odd) expect(name).toMatch(/^[a-z]([a-z0-9-]{0,48}[a-z0-9])?$/);
    expect(new Set([...odd, "web"]).size).toBe(odd.length + 1);
  });
});
