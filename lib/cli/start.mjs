// `npm start`: build when there is no build for this source yet (keeping the previous build if the
// new one fails), then the server (server.mjs: Next plus the registry endpoint) on PORT (default 3000). With --build-only it only builds, and a
// failed build is an error (the test runner must never test a stale build); with --strict too, a
// build that printed a warning is one (the tests' build). Migrations, the operator account and the
// demo accounts are handled by the server itself at start (instrumentation.ts).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { buildWarnings } from "./build-output.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const buildDir = path.join(root, ".next");
const previousDir = path.join(root, ".next.prev");
const stampFile = path.join(buildDir, "stagecraft-source-hash");
const buildOnly = process.argv.includes("--build-only");
const strict = process.argv.includes("--strict");
const SOURCES = ["app", "components", "lib", "db", "public", "proxy.ts", "instrumentation.ts", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

/** A hash of everything that goes into the build, so a changed checkout is rebuilt. */
function sourceHash() {
  const hash = createHash("sha256");
  const visit = (file) => {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) visit(path.join(file, entry));
    } else {
      hash.update(file).update("\0").update(fs.readFileSync(full)).update("\0");
    }
  };
  SOURCES.forEach(visit);
  return hash.digest("hex");
}

/**
 * Next's build prints about 150 lines (telemetry notice, experiments, every route); a self-hoster
 * needs to know it is building and whether it worked. The output is kept and printed whole only
 * when the build fails; warnings are printed either way.
 */
function runNextBuild() {
  const started = Date.now();
  console.log("Building Stagecraft (about a minute; done once per version)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    // A self-hosted product sends nothing home unasked.
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    process.stderr.write(output);
    return result;
  }
  const warnings = buildWarnings(output);
  if (warnings) {
    console.warn(warnings);
    // The test runner's build (--strict) must stay clean: a warning fails it like an error.
    if (strict) {
      console.error("--strict: the tests' build fails on any warning (above).");
      return { status: 1 };
    }
  }
  console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
  return result;
}

function build(hash) {
  const hadBuild = fs.existsSync(path.join(buildDir, "BUILD_ID"));
  fs.rmSync(previousDir, { recursive: true, force: true });
  if (hadBuild) fs.renameSync(buildDir, previousDir);
  if (hadBuild) console.log("The source changed since the last build.");
  const result = runNextBuild();
  if (result.status === 0) {
    fs.writeFileSync(stampFile, hash);
    fs.rmSync(previousDir, { recursive: true, force: true });
    return;
  }
  // A failed `next build` deletes .next: put the last good build back.
  if (hadBuild) {
    fs.rmSync(buildDir, { recursive: true, force: true });
    fs.renameSync(previousDir, buildDir);
  }
  if (!hadBuild || buildOnly) {
    console.error(buildOnly ? "The build failed." : "The build failed and there is no previous build to serve.");
    process.exit(result.status ?? 1);
  }
  console.error("The build failed; serving the previous build.");
}

const hash = sourceHash();
const built = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8") : null;
if (built !== hash) build(hash);
if (buildOnly) process.exit(0);

// The server in this same process: a signal (Ctrl-C reaches every process of the terminal's group,
// `docker stop` or Playwright may signal the whole group) then reaches it once, and its graceful
// shutdown is not cut short by a forwarded second signal.
process.env.NODE_ENV = "production";
process.env.PORT ||= "3000";
await import("./server.mjs");
