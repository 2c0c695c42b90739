import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { deploymentTargets, type User } from "@/db/schema";
import { makeUser } from "../support/users";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/lib/auth/config", () => ({ auth, signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));
const { saveTargetAction } = await import("@/app/(admin)/admin/targets/actions");

const signIn = (user: User) => auth.mockResolvedValue({ user: { id: user.id } });
function form(fields: Record<string, string | Blob | string[]>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) data.append(k, one);
  return data;
}
const KEY = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----";
const CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
const byName = (name: string) => getDb().select().from(deploymentTargets).all().find((t) => t.name === name);

describe("the targets page's form", () => {
  it("saves a Docker engine over TCP with TLS, and on a refusal echoes the form back without the key", async () => {
    const operator = await makeUser(["operator"]);
    signIn(operator);
    const fields = { name: "edge-tls", locations: ["edge", "private"], provider: "docker", host: "10.0.0.5", port: "2376", tlsCa: CERT, tlsCert: CERT, tlsKey: KEY, enabled: "on" };
    expect(await saveTargetAction("", null, form(fields))).toEqual({ ok: true });
    expect(byName("edge-tls")).toMatchObject({ locations: ["edge", "private"], enabled: true, settings: { host: "10.0.0.5", port: 2376, tlsCert: CERT } });
    expect(JSON.stringify(byName("edge-tls")!.settings)).not.toContain("PRIVATE KEY");

    const refused = await saveTargetAction("", null, form({ ...fields, name: "edge-bad", tlsCert: "no certificate" }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { tlsCert: ["tlsCertInvalid"] }, values: { name: "edge-bad", host: "10.0.0.5" } });
    expect(JSON.stringify(refused)).not.toContain("PRIVATE KEY");
    expect(byName("edge-bad")).toBeUndefined();
  });

  it("saves a local socket's probe host, and refuses one that is no host name by its field", async () => {
    const operator = await makeUser(["operator"]);
    signIn(operator);
    const fields = { name: "in-container", locations: ["edge"], provider: "docker", socketPath: "/var/run/docker.sock", probeHost: "host.docker.internal", enabled: "on" };
    expect(await saveTargetAction("", null, form(fields))).toEqual({ ok: true });
    expect(byName("in-container")!.settings).toEqual({ socketPath: "/var/run/docker.sock", probeHost: "host.docker.internal" });
    const refused = await saveTargetAction("", null, form({ ...fields, name: "in-container-2", probeHost: "http://host.docker.internal/" }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { probeHost: ["hostInvalid"] } });
    expect(byName("in-container-2")).toBeUndefined();
  });

  it("refuses a kubeconfig over 256 KiB by its field, storing nothing, and is for operators only", async () => {
    const operator = await makeUser(["operator"]);
    signIn(operator);
    const huge = new File(["a".repeat(256 * 1024 + 1)], "config");
    const refused = await saveTargetAction("", null, form({ name: "k8s", locations: ["cloud"], provider: "kubernetes", kubeconfigFile: huge }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { kubeconfig: ["kubeconfigInvalid"] } });
    expect(byName("k8s")).toBeUndefined();

    signIn(await makeUser(["isv"]));
    await expect(saveTargetAction("", null, form({ name: "sneaky", locations: ["cloud"], provider: "sandbox" }))).rejects.toThrow("NEXT_FORBIDDEN");
    expect(byName("sneaky")).toBeUndefined();
  });
});
