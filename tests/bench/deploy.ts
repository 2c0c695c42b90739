// npm run bench:deploy — (1) a 40-node graph on the sandbox provider with a fixed delay per node:
// wall time against the critical path (target ≤ 1.15×); (2) install and uninstall of the fixture
// on a real Docker Engine started for the run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-bench-deploy-"));
const { migrateDb } = await import("@/db/migrate");
const { getDb } = await import("@/db");
const { reconcileDeployment } = await import("@/lib/deploy/engine");
const { planGraph } = await import("@/lib/deploy/planner");
const { createDeployment, requestUninstall } = await import("@/lib/deploy/service");
const { createUser } = await import("@/lib/users/service");
const { activateTarget } = await import("../support/deployments");
const { startDockerd } = await import("../support/dockerd");
const { readyImageFrom } = await import("../support/images");
const { FIXTURES } = await import("../support/archives");

migrateDb();
const isv = await createUser({ email: "bench@bench.local", password: "bench-password", roles: ["isv"] });
await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", path.join(FIXTURES, "docker_hello-iot_v1.0.tar.gz"));

// 40 nodes in 8 levels of 5; each node depends on one or two nodes of the level before.
const DELAY_MS = 100;
const nodes = Array.from({ length: 40 }, (_, i) => ({ id: `n${i}`, type: i % 3 === 0 ? "volume" : "network" }));
const edges = nodes.slice(5).flatMap((n, i) => {
  const level = Math.floor((i + 5) / 5);
  const before = (level - 1) * 5;
  return [{ from: n.id, to: `n${before + (i % 5)}` }, ...(i % 2 ? [{ from: n.id, to: `n${before + ((i + 2) % 5)}` }] : [])];
});
const graph = { nodes, edges };
const criticalNodes = planGraph(graph).levels.length; // every level is one node deep on the longest path
activateTarget("sandbox", { delayMs: DELAY_MS });
let t0 = performance.now();
const sandboxed = createDeployment(isv, { graph, purpose: "test", location: "edge" });
await reconcileDeployment(sandboxed.id);
const wall = performance.now() - t0;
const critical = criticalNodes * DELAY_MS;
const load = () => `load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`;
console.log(`sandbox, 40 nodes, ${DELAY_MS} ms each: wall ${wall.toFixed(0)} ms, critical path ${critical} ms (${criticalNodes} nodes), ratio ${(wall / critical).toFixed(3)} (target ≤ 1.15) · ${load()}`);

const engine = await startDockerd();
try {
  activateTarget("docker", { socketPath: engine.socketPath });
  const fixture = {
    nodes: [
      { id: "creds", type: "credentials" },
      { id: "app", type: "workload", properties: { image: "hello-iot:v1.0", port: 8080, healthPath: "/health" } },
      { id: "web", type: "endpoint" },
    ],
    edges: [{ from: "app", to: "creds" }, { from: "web", to: "app" }],
  };
  for (const round of ["first (loads the image)", "second (image present)"]) {
    const d = createDeployment(isv, { graph: fixture, purpose: "test", location: "edge" });
    t0 = performance.now();
    await reconcileDeployment(d.id);
    const installMs = performance.now() - t0;
    requestUninstall(isv, d.id);
    t0 = performance.now();
    await reconcileDeployment(d.id);
    const uninstallMs = performance.now() - t0;
    // Where the install's time went, from its own event log (ms after the install started).
    const events = getDb().$client.prepare("select at, message from deployment_events where deployment_id = ? order by id").all(d.id) as { at: number; message: string }[];
    const start = events[0]!.at;
    const steps = events
      .filter((e) => /^(created network|loading image|started container|workload ready|installed)/.test(e.message))
      .map((e) => `${e.message.split(" ").slice(0, 2).join(" ")} +${e.at - start}`);
    console.log(`docker, fixture, ${round}: install ${installMs.toFixed(0)} ms (to healthy), uninstall ${uninstallMs.toFixed(0)} ms · ${load()}`);
    console.log(`  steps: ${steps.join(", ")}`);
  }
  // Yardsticks from the same engine: what creating and starting one container costs by itself, on
  // the host's network (as deployments ran before they had networks of their own) and on a bridge
  // network with a published port (as they run now).
  const image = "localhost/hello-iot:v1.0";
  const net = await engine.docker.createNetwork({ Name: "bench-net" });
  for (const [label, hostConfig] of [
    ["host network", { NetworkMode: "host", Init: true }],
    ["bridge network + published port", { NetworkMode: "bench-net", Init: true, PortBindings: { "8080/tcp": [{ HostPort: "29999" }] } }],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      const c = await engine.docker.createContainer({ Image: image, Env: ["PORT=8080"], ExposedPorts: { "8080/tcp": {} }, HostConfig: hostConfig });
      await c.start();
      times.push(performance.now() - t0);
      await c.remove({ force: true });
    }
    console.log(`docker itself, create + start one container, ${label}: median ${times.sort((a, b) => a - b)[1]!.toFixed(0)} ms of 3 · ${load()}`);
  }
  await net.remove();
} finally {
  await engine.stop();
  fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
}
