// npm run bench:canvas (part 1) — validation of a 200-node graph: the pure rules the editor runs on
// every edit, and the server's check with its image look-ups in SQLite. Target: under 20 ms.
// Part 2 (tests/bench/canvas-render.bench.ts) times the editor rendering the same graph in Chromium.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-bench-canvas-"));
const { migrateDb } = await import("@/db/migrate");
const { validateGraph } = await import("@/lib/catalog/validate");
const { validateForOwner } = await import("@/lib/catalog/owner");
const { createUser } = await import("@/lib/users/service");
const { readyImageFrom } = await import("../support/images");
const { FIXTURES } = await import("../support/archives");
const { benchGraph } = await import("./canvas-graph");

migrateDb();
const isv = await createUser({ email: "bench@bench.local", password: "bench-password", roles: ["isv"] });
await readyImageFrom(isv, "docker_hello-iot_v1.0.tar.gz", path.join(FIXTURES, "docker_hello-iot_v1.0.tar.gz"));

const graph = benchGraph();
function time(label: string, run: () => unknown[], runs = 200) {
  const ms: number[] = [];
  let problems = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    problems = run().length;
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(2);
  console.log(`${label}: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms over ${runs} runs (${problems} problems)`);
}
console.log(`graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges`);
time("validateGraph (editor, images known)", () => validateGraph(graph, (ref) => (ref === "hello-iot:v1.0" ? "docker" : undefined)));
time("validateForOwner (save/API, SQLite image look-ups)", () => validateForOwner(isv.id, graph));
fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
