import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { deploymentEvents, type User } from "@/db/schema";
import { deploymentToJson } from "@/lib/deploy/api-view";
import { startDeployTest } from "@/lib/deploy/deploy-test";
import { reconcileDeployment } from "@/lib/deploy/engine";
import { eventText } from "@/lib/deploy/event-text";
import { getDeploymentOrThrow } from "@/lib/deploy/queries";
import { requestUninstall } from "@/lib/deploy/service";
import en from "@/lib/i18n/messages/en.json";
import zh from "@/lib/i18n/messages/zh-CN.json";
import { makeApp, makeSpec, workloadGraph } from "../support/apps";
import { sandboxIsvWithImage } from "../support/deployments";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));

let isv: User;
beforeAll(async () => {
  isv = await sandboxIsvWithImage();
});

const translated = (code: string | null) => Boolean(code && code in en.deploy.events && code in zh.deploy.events);

describe("the deployment log in the reader's language", () => {
  it("names every line an install and an uninstall write, so none is shown in English to a Chinese reader", async () => {
    const spec = makeSpec(isv, makeApp(isv).id, "标准版", workloadGraph("hello-iot:v1.0"));
    const d = startDeployTest(isv, spec.id);
    await reconcileDeployment(d.id);
    requestUninstall(isv, d.id);
    await reconcileDeployment(d.id);
    const { events } = deploymentToJson(getDeploymentOrThrow(isv, d.id));
    expect(events.length).toBeGreaterThan(6);
    expect(events.filter((e) => !translated(e.code))).toEqual([]);
    // The English text stays in the API as it was: clients that read `message` see no change.
    expect(events[0]).toMatchObject({ message: "install started", code: "installStarted", params: {} });
    expect(events).toContainEqual(expect.objectContaining({ message: "creating workload Web", code: "creating", params: { type: "workload", name: "Web" } }));

    // A row stored before codes existed (or by a later engine) reads the same way; unknown text keeps no code.
    getDb().insert(deploymentEvents).values([{ deploymentId: d.id, level: "error", message: "connect ECONNREFUSED 10.0.0.1:2375" }]).run();
    expect(deploymentToJson(getDeploymentOrThrow(isv, d.id)).events.at(-1)).toMatchObject({ code: null, params: {}, message: "connect ECONNREFUSED 10.0.0.1:2375" });
  });

  it("recognises what the Docker and Kubernetes providers write", () => {
    const lines: [string, string, Record<string, string>][] = [
      ["target 本地: Docker Engine 27.5.1 (linux/amd64)", "targetAnswered", { name: "本地", detail: "Docker Engine 27.5.1 (linux/amd64)" }],
      ["the target 本地 does not answer: connect ENOENT", "targetDown", { name: "本地", detail: "connect ENOENT" }],
      ["rolling back after the failure of web", "rollingBack", { node: "web" }],
      ["loading image hello-iot:v1.0 (sha256:0123456789ab) into the engine", "loadingImage", { image: "hello-iot:v1.0", id: "sha256:0123456789ab" }],
      ["started container sc-a-web on network sc-a as web:8080 (published on 127.0.0.1:20001)", "containerStarted", { name: "sc-a-web", network: "sc-a", alias: "web:8080", published: "127.0.0.1:20001" }],
      ["removed container sc-a-web, left by an interrupted step", "leftoverRemoved", { name: "sc-a-web" }],
      ["removed container sc-a-web", "containerRemoved", { name: "sc-a-web" }],
      ["applied Deployment sc-a/web (reg/x:v1); waiting for 2 available replica(s)", "deploymentApplied", { name: "sc-a/web", image: "reg/x:v1", replicas: "2" }],
      ["Service sc-a/web exposes port 8080 on node port 30080", "serviceExposed", { name: "sc-a/web", port: "8080", nodePort: "30080" }],
      ["removed endpoint sc-a/web-endpoint", "objectRemoved", { type: "endpoint", name: "sc-a/web-endpoint" }],
    ];
    for (const [message, code, params] of lines) {
      expect(eventText(message), message).toEqual({ code, params });
      expect(translated(code), code).toBe(true);
    }
  });
});
