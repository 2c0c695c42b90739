import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { deploymentTargets } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { listTargets } from "@/lib/deploy/queries";
import type { TargetInput } from "@/lib/deploy/schema";
import { checkTarget, createDeployment, createTarget, ensureLocalTarget, targetForLocation, updateTarget } from "@/lib/deploy/service";
import { ConflictError, ForbiddenError, InvalidStateError, ValidationError } from "@/lib/errors";
import { log } from "@/lib/log/logger.mjs";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

const PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
const PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----";

describe("deployment targets", () => {
  it("creates a sandbox target at the first start when no Docker socket answers, and says why, in the log and on the target", async () => {
    const warn = vi.spyOn(log, "warn");
    // A path that exists but is no engine's socket.
    const notASocket = path.join(process.env.DATA_DIR!, "docker.sock");
    fs.writeFileSync(notASocket, "");
    vi.stubEnv("DOCKER_SOCKET", notASocket);
    await ensureLocalTarget();
    expect(listTargets()).toEqual([
      expect.objectContaining({ name: "local-sandbox", provider: "sandbox", settings: expect.objectContaining({ fallbackReason: expect.stringContaining(`the Docker Engine at ${notASocket} does not answer`) }) }),
    ]);
    expect(warn).toHaveBeenLastCalledWith(expect.stringMatching(/deployments will be simulated .*does not answer/));

    getDb().delete(deploymentTargets).run();
    vi.stubEnv("DOCKER_SOCKET", "/nonexistent/docker.sock");
    await ensureLocalTarget();
    await ensureLocalTarget();
    vi.unstubAllEnvs();
    expect(getDb().select().from(deploymentTargets).all()).toEqual([
      expect.objectContaining({ name: "local-sandbox", provider: "sandbox", locations: ["cloud", "edge", "private"], enabled: true }),
    ]);
    expect(listTargets()[0]!.settings.fallbackReason).toBe("there is no Docker Engine socket at /nonexistent/docker.sock (set DOCKER_SOCKET)");
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it("lets operators only add and edit targets, with clear errors for bad input", async () => {
    const operator = await makeUser(["operator"]);
    const isv = await makeUser(["isv"]);
    const input = { name: "edge-1", locations: ["edge" as const], provider: "docker" as const, settings: { socketPath: "/run/edge.sock" } };
    await expect(createTarget(isv, input)).rejects.toThrow(ForbiddenError);
    const created = await createTarget(operator, input);
    await expect(createTarget(operator, input)).rejects.toThrow(ConflictError);
    const cases: [TargetInput, string, string][] = [
      [{ ...input, name: "x", locations: [] }, "locations", "locationRequired"],
      [{ ...input, name: "" }, "name", "nameRequired"],
      [{ ...input, name: "k8s", provider: "kubernetes" as const }, "server", "kubeServerInvalid"],
      [{ ...input, name: "bad", settings: { socketPath: "relative.sock" } }, "settings", "settingsInvalid"],
      [{ ...input, name: "bad", settings: { host: "h", port: 70000 } }, "settings", "settingsInvalid"],
      [{ ...input, name: "bad", settings: { host: "h", pullFromRegistry: "yes" } }, "settings", "settingsInvalid"],
      [{ ...input, name: "bad", settings: { host: "h", tlsCert: "not a certificate" } }, "tlsCert", "tlsCertInvalid"],
      [{ ...input, name: "bad", settings: { host: "h", tlsCert: PEM_CERT } }, "tlsKey", "tlsKeyInvalid"],
      [{ ...input, name: "bad", settings: { host: "h", tlsCert: PEM_CERT, tlsKey: "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----" } }, "tlsKey", "tlsKeyInvalid"],
      [{ ...input, name: "bad", settings: { tlsCert: PEM_CERT, tlsKey: PEM_KEY } }, "host", "tlsNeedsHost"],
      [{ ...input, name: "bad", settings: { socketPath: "/x.sock", probeHost: "http://host.docker.internal" } }, "probeHost", "hostInvalid"],
      [{ ...input, name: "bad", settings: { socketPath: "/x.sock", publicHost: "iot example" } }, "publicHost", "hostInvalid"],
    ];
    for (const [bad, field, key] of cases) {
      await expect(createTarget(operator, bad)).rejects.toThrow(expect.objectContaining({ constructor: ValidationError, fieldErrors: { [field]: [key] } }));
    }
    await updateTarget(operator, created.id, { ...input, settings: { socketPath: "/var/run/docker.sock", probeHost: "host.docker.internal" } });
    expect(getDb().select().from(deploymentTargets).all().find((t) => t.id === created.id)!.settings).toEqual({ socketPath: "/var/run/docker.sock", probeHost: "host.docker.internal" });
    await updateTarget(operator, created.id, { ...input, settings: { host: "edge.example", port: 2376, pullFromRegistry: true } });
    expect(getDb().select().from(deploymentTargets).all().find((t) => t.id === created.id)!.settings).toMatchObject({ pullFromRegistry: true });
    // A TLS key is sealed, never shown again, and kept by an edit that leaves it blank.
    await updateTarget(operator, created.id, { ...input, settings: { host: "edge.example", tlsCert: PEM_CERT, tlsKey: PEM_KEY } });
    const sealed = getDb().select().from(deploymentTargets).all().find((t) => t.id === created.id)!.settings;
    expect(JSON.stringify(sealed)).not.toContain("PRIVATE KEY");
    await updateTarget(operator, created.id, { ...input, settings: { host: "edge.example", tlsCert: PEM_CERT } });
    expect(getDb().select().from(deploymentTargets).all().find((t) => t.id === created.id)!.settings.tlsKeyEncrypted).toBe(sealed.tlsKeyEncrypted);
    expect(listTargets().find((t) => t.id === created.id)!.settings).toMatchObject({ tlsKeySet: true, tlsCert: PEM_CERT });
    expect(listTargets().find((t) => t.id === created.id)!.settings).not.toHaveProperty("tlsKeyEncrypted");
    await updateTarget(operator, created.id, { ...input, enabled: false });
    expect(getDb().select().from(deploymentTargets).all().map((t) => t.name).sort()).toEqual(["edge-1", "local-sandbox"]);
  });

  it("tests the connection: an engine that does not answer says why", async () => {
    const operator = await makeUser(["operator"]);
    const dead = await createTarget(operator, { name: "dead", locations: ["private"], provider: "docker", settings: { socketPath: "/nonexistent/d.sock" } });
    await expect(checkTarget(operator, dead.id)).rejects.toThrow(
      expect.objectContaining({ constructor: InvalidStateError, message: "targetUnreachable", params: { reason: expect.stringContaining("/nonexistent/d.sock") } }),
    );
    const sandbox = getDb().select().from(deploymentTargets).all().find((t) => t.provider === "sandbox")!;
    expect(await checkTarget(operator, sandbox.id)).toBe("sandbox (simulated)");
  });

  it("deploys to an enabled target of the location, and a dead target fails the deployment with nothing created", async () => {
    expect(targetForLocation("private")?.name).toBe("local-sandbox"); // "dead" was created later
    const operator = await makeUser(["operator"]);
    getDb().update(deploymentTargets).set({ enabled: false }).run();
    expect(targetForLocation("cloud")).toBeNull();
    const isv = await makeUser(["isv"]);
    const graph = { nodes: [{ id: "n", type: "network" }], edges: [] };
    expect(() => createDeployment(isv, { graph, purpose: "test", location: "cloud" })).toThrow(
      expect.objectContaining({ message: "noTargetForLocation" }),
    );
    await createTarget(operator, { name: "gone", locations: ["cloud"], provider: "docker", settings: { socketPath: "/nonexistent/gone.sock" } });
    const d = createDeployment(isv, { graph, purpose: "test", location: "cloud" });
    await reconcileDeployment(d.id);
    const { GET, DELETE } = await import("@/app/api/v1/deployments/[deploymentId]/route");
    const key = createApiKey(isv, { name: "k" }).key;
    const req = (k: string) => new Request("http://x", { headers: { "X-Auth-Token": k } });
    const ctx = { params: Promise.resolve({ deploymentId: d.id }) };
    const body = await (await GET(req(key), ctx)).json();
    expect(body).toMatchObject({ status: "failed", resources: [], failureMessage: expect.stringContaining("does not answer") });
    expect((await DELETE(req(key), ctx)).status).toBe(409);
    const stranger = createApiKey(await makeUser(["isv"]), { name: "k" }).key;
    expect((await GET(req(stranger), ctx)).status).toBe(404);
  });
});
