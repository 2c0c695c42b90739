// `npm run bench:market`: seeds 1,000 listings, then runs autocannon (32 connections, 20 s each)
// against /market and, in the same run, against a static file of the same production server.
// Prints req/s and p99 latency of both, of /login as the shell's floor, and of /market for a signed-in
// visitor (the page store keeps a page per visitor: a signed-in one's under its session). A measurement, not a test: nothing passes or fails on time.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { machineLoad, signIn, startStagecraft, staticChunk, stopServer } from "./support.mjs";

const LISTINGS = Number(process.env.BENCH_LISTINGS || 1000);
const DURATION = Number(process.env.BENCH_DURATION || 20);
const CONNECTIONS = 32;
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-bench-"));

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Listings straight into SQLite (the review flow itself is covered by the tests); all share one showcase PNG. */
function seed() {
  const tsx = ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts"];
  run([...tsx, "user", "create", "--email", "isv@bench.local", "--password", "bench-password-1", "--role", "isv"]);
  const db = new Database(path.join(dataDir, "stagecraft.db"));
  const owner = db.prepare("select id from users where email = 'isv@bench.local'").get().id;
  const industries = db.prepare("select name, scenarios from industries").all().map((i) => ({ name: i.name, scenarios: JSON.parse(i.scenarios) }));
  // A 1×1 PNG: the page's cost, not the image's, is what this measures.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  fs.mkdirSync(path.join(dataDir, "media"), { recursive: true });
  const mediaId = randomUUID();
  fs.writeFileSync(path.join(dataDir, "media", mediaId), png);
  db.prepare("insert into media (id, owner_id, kind, content_type, size, width, height) values (?, ?, 'showcase', 'image/png', ?, 1, 1)").run(mediaId, owner, png.length);
  const insert = db.transaction(() => {
    for (let i = 0; i < LISTINGS; i++) {
      const industry = industries[i % industries.length];
      const scenario = industry.scenarios[i % industry.scenarios.length];
      const appId = randomUUID();
      const subId = randomUUID();
      const name = `应用 ${String(i).padStart(4, "0")}`;
      db.prepare("insert into applications (id, owner_id, name, industry, scenario, review_status, published_at) values (?, ?, ?, ?, ?, 'approved', ?)").run(appId, owner, name, industry.name, scenario, Date.now());
      const material = JSON.stringify({ name, summary: "一段简介", logoId: mediaId, showcaseId: mediaId, introIds: [mediaId] });
      db.prepare("insert into submissions (id, application_id, submitted_by, status, material, spec_ids, decided_at) values (?, ?, ?, 'approved', ?, '[]', ?)").run(subId, appId, owner, material, Date.now());
      db.prepare(
        `insert into listings (id, application_id, submission_id, owner_id, name, summary, description, industry, scenario, logo_id, showcase_id, intro_ids, specs, has_trial, experience_spec_ids, published_at)
         values (?, ?, ?, ?, ?, '一段简介', '', ?, ?, ?, ?, ?, '[]', ?, '[]', ?)`,
      ).run(randomUUID(), appId, subId, owner, name, industry.name, scenario, mediaId, mediaId, JSON.stringify([mediaId]), i % 3 === 0 ? 1 : 0, Date.now() - i * 1000);
    }
  });
  insert();
  db.close();
}

const blast = (url, headers = {}) => autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });


seed();
const { server, base } = await startStagecraft(root, dataDir);
try {
  const html = await (await fetch(`${base}/market`)).text();
  if (!html.includes("应用 0000") && !html.includes("应用 0999")) throw new Error("/market does not show the seeded listings");
  // The page store (lib/page-store.ts) answers anonymous and signed-in visitors; the header shows the account.
  const stored = (await fetch(`${base}/market`)).headers.get("x-stagecraft-cache");
  const session = await signIn(base, "isv@bench.local", "bench-password-1");
  const own = await fetch(`${base}/market`, { headers: { cookie: session } });
  if (!(await own.text()).includes("isv@bench.local")) throw new Error("signed in, /market does not show the account");
  const chunk = staticChunk(root);
  const targets = [
    ["/market", `${base}/market`],
    ["static file", `${base}${chunk.path}`],
    // For comparison: a server-rendered page without data, the floor of what the shell costs.
    ["/login", `${base}/login`],
    // The same page for a signed-in visitor: rendered per request, the header showing the account.
    ["/market (signed in)", `${base}/market`, { cookie: session }],
    // The same page rendered for each request (a URL the store does not keep): what a render costs.
    ["/market?page=1 (signed in, rendered)", `${base}/market?page=1`, { cookie: session }],
  ];
  console.log(`${LISTINGS} listings; ${CONNECTIONS} connections, ${DURATION} s each; anonymous /market from the page store: ${stored === "hit" ? "yes" : `no (${stored})`}`);
  console.log(`static file: ${chunk.path} (${chunk.size} bytes)`);
  // BENCH_ONLY=login,signed: only the targets whose label contains one of these words (profiling one page).
  const only = process.env.BENCH_ONLY?.split(",");
  for (const [label, url, headers] of targets.filter(([label]) => !only || only.some((word) => label.includes(word)))) {
    const r = await blast(url, headers);
    console.log(`${label.padEnd(38)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p99 ${r.latency.p99} ms   (errors ${r.errors}, non-2xx ${r.non2xx})   load ${os.loadavg()[0].toFixed(1)}`);
  }
  console.log(`Machine: ${machineLoad()}`);
} finally {
  await stopServer(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
