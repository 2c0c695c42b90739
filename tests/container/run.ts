// `npm run test:container`: builds the Dockerfile for real and runs the image as README.md
// "Container" says, against a Docker Engine of the test's own (tests/support/dockerd.ts), then
// checks what a self-hoster relies on: health, the login page, the operator password printed once,
// MQTT, an image upload and a deploy test on the mounted engine (the real `local` target), the
// admin command, and data and a session surviving a restart. Everything it made is removed, also
// when a check fails. Images cannot be pulled here, so node:20-bookworm-slim is a stand-in built
// by node-base-image.sh and cached in STAGECRAFT_CACHE; so is the Dockerfile's dependency stage
// after a first, cold build (later runs build with --cache-from it; STAGECRAFT_CONTAINER_COLD=1
// builds cold anyway).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startDockerd, type TestEngine } from "../support/dockerd";
import { freePort } from "../support/ports";
import { deployTest, mqttDevice, uploadImage } from "./checks";
import { api, check, dockerCli, elapsed, signIn, step, waitFor } from "./support";

const root = path.resolve(import.meta.dirname, "../..");
const IMAGE = "stagecraft:container-test";
const NAME = "stagecraft-test";
const VOLUME = "stagecraft-test-data";
const NETWORK = "stagecraft-test-net";
/** The group that may open the engine's socket: one the image does not know, as on a real host. */
const SOCKET_GID = 2375;
// The operator's line of the first start's welcome (lib/cli/welcome.mjs).
const OPERATOR_LINE = /^ +operator +(\S+) +password: (\S+)$/gm;

let engine: TestEngine | undefined;
const figures: string[] = [];

async function main() {
  engine = await step("start a Docker Engine of the test's own", () => startDockerd());
  const docker = dockerCli(engine.socketPath);
  // The socket belongs to a group of its own, which the container gets with --group-add.
  fs.chownSync(engine.socketPath, 0, SOCKET_GID);
  fs.chmodSync(engine.socketPath, 0o660);

  await step("base image node:20-bookworm-slim (stand-in, cached)", async () => {
    const tar = execFileSync(path.join(root, "tests/container/node-base-image.sh"), [engine!.socketPath], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim().split("\n").at(-1)!;
    if (!(await docker.run(["image", "ls", "-q", "node:20-bookworm-slim"]))) await docker.run(["load", "-i", tar]);
    console.log(`  ${tar}`);
  });

  // The dependency stage (apt-get, npm ci: most of a cold build) of an earlier run on this machine
  // with the same lockfile, base image and stage, unless STAGECRAFT_CONTAINER_COLD=1.
  const deps = dependencyCache();
  const reuse = fs.existsSync(deps.tar) && process.env.STAGECRAFT_CONTAINER_COLD !== "1";
  if (reuse) await step("load the dependency stage of an earlier run", () => docker.run(["load", "-i", deps.tar]));
  const cacheFrom = reuse ? ["--cache-from", deps.image] : [];
  const build = (target: string[] = []) =>
    docker.stream(["build", "--network", "host", ...cacheFrom, ...target, root], /^\s*(Get:|Selecting|Preparing|Unpacking|Setting up|Processing|npm (warn|notice)|\(Reading|Removing intermediate)/);
  const first = reuse ? "dependency stage from an earlier run" : "cold: no layer cached";
  const cold = await step(`docker build (${first})`, async () => timed(() => build(["-t", IMAGE])));
  // The classic builder takes a local layer for a --cache-from build only when it is an ancestor
  // of a --cache-from image, which the build stage's never are: a "warm" build after a cached
  // dependency stage would redo `next build`. So the warm build is measured on cold runs only.
  const warm = reuse ? "not measured (dependency stage from the cache)" : await step("docker build (warm: unchanged source)", async () => timed(() => build(["-t", IMAGE])));
  const image = JSON.parse(await docker.run(["image", "inspect", IMAGE]))[0] as { Size: number; Config: { User: string; Healthcheck?: { Test: string[] }; StopSignal?: string; ExposedPorts: Record<string, unknown> } };
  figures.push(`docker build ${reuse ? "with the cached dependency stage" : "cold"} ${cold}, warm ${warm}; image ${(image.Size / 1e6).toFixed(0)} MB`);
  if (!reuse) {
    await step("cache the dependency stage for later runs", async () => {
      await build(["--target", "deps", "-t", deps.image]);
      for (const old of fs.readdirSync(deps.dir).filter((f) => f.startsWith("stagecraft-deps-"))) fs.rmSync(path.join(deps.dir, old));
      await docker.run(["save", "-o", `${deps.tar}.part`, deps.image]);
      fs.renameSync(`${deps.tar}.part`, deps.tar);
    });
  }
  check(image.Config.User === "node", "the image runs as the user node");
  check(image.Config.Healthcheck?.Test.join(" ").includes("/api/health"), "the image has a HEALTHCHECK on /api/health");
  check(image.Config.StopSignal === "SIGTERM", "STOPSIGNAL is SIGTERM");
  check(["3000/tcp", "1883/tcp", "8883/tcp"].every((p) => p in image.Config.ExposedPorts), "ports 3000, 1883 and 8883 are exposed");

  await step("compose.yaml (docker-compose config)", async () => {
    const config = execFileSync("docker-compose", ["-f", path.join(root, "compose.yaml"), "config"], { encoding: "utf8", env: { ...process.env, DOCKER_GID: "4242" } });
    check(/group_add:\s*\n\s*- '4242'/.test(config), "compose.yaml adds the socket's group from DOCKER_GID");
    check(config.includes("host.docker.internal:host-gateway") && config.includes("/var/run/docker.sock:/var/run/docker.sock"), "compose.yaml mounts the socket and maps host.docker.internal");
  });

  // The run command of README.md "Container", with the test engine's socket and ports, and the
  // gateway of a network of its own for host.docker.internal (this engine has no default bridge,
  // so host-gateway has nothing to name).
  const gateway = await step("network, volume", async () => {
    await docker.run(["network", "create", NETWORK]);
    await docker.run(["volume", "create", VOLUME]);
    return docker.run(["network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", NETWORK]);
  });
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${httpPort}`;
  const runArgs = (name: string, volume: string, groupAdd: boolean) => [
    "run", "-d", "--name", name, "--network", NETWORK,
    ...(name === NAME ? ["-p", `127.0.0.1:${httpPort}:3000`, "-p", `127.0.0.1:${mqttPort}:1883`] : []),
    "-v", `${volume}:/data`, "-v", `${engine!.socketPath}:/var/run/docker.sock`,
    ...(groupAdd ? ["--group-add", String(fs.statSync(engine!.socketPath).gid)] : []),
    "--add-host", `host.docker.internal:${gateway}`,
    "-e", `PUBLIC_URL=${base}`,
    IMAGE,
  ];
  const logs = (name = NAME) => docker.logs(name);
  const healthy = () => waitFor("/api/health to answer 200", 90_000, async () => (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) })).ok);

  await step("docker run (socket group added)", async () => {
    await docker.run(runArgs(NAME, VOLUME, true));
    await healthy();
  });
  const firstLogs = await logs();
  const operators = [...firstLogs.matchAll(OPERATOR_LINE)];
  check(operators.length === 1, `the operator password is printed once (${operators.length})`);
  const [, operatorEmail, operatorPassword] = operators[0]!;
  check(!/local-sandbox|simulated/.test(firstLogs), "no fallback to the simulated target is logged");

  await step("pages and target", async () => {
    const health = await api<{ status: string }>(base, "/api/health", {});
    check(health.status === "ok", `/api/health answers ${JSON.stringify(health)}`);
    const login = await fetch(`${base}/login`);
    check(login.ok && /<form/.test(await login.text()), "/login renders its form");
    const targets = JSON.parse(
      await docker.run(["exec", NAME, "node", "-e", "const D = require('better-sqlite3'); console.log(JSON.stringify(new D('/data/stagecraft.db', { readonly: true }).prepare('select name, provider, settings from deployment_targets').all()))"]),
    ) as { name: string; provider: string; settings: string }[];
    check(targets.length === 1 && targets[0]!.name === "local" && targets[0]!.provider === "docker", `the only target is the real Docker target "local" (${JSON.stringify(targets)})`);
    check(JSON.parse(targets[0]!.settings).probeHost === "host.docker.internal", "its probe host is host.docker.internal (DOCKER_PROBE_HOST)");
  });

  const cookie = await step("sign in as the operator", async () => {
    const session = await signIn(base, operatorEmail!, operatorPassword!);
    const me = await api<{ email: string }>(base, "/api/v1/me", { cookie: session });
    check(me.email === operatorEmail, `the session is the operator's (${me.email})`);
    return session;
  });

  const [isvKey, buyerKey] = await step("docker exec … npm run admin", async () => {
    const admin = (...args: string[]) => docker.run(["exec", NAME, "npm", "run", "--silent", "admin", "--", ...args]);
    check((await admin("user", "create", "--email", "isv@container.test", "--password", "container-test-1", "--role", "isv")).includes("Created isv@container.test"), "user create");
    await admin("user", "create", "--email", "buyer@container.test", "--password", "container-test-1", "--role", "buyer");
    const key = async (email: string) => (await admin("apikey", "create", "--email", email, "--name", "container-test")).split("\n").at(-1)!.trim();
    return [await key("isv@container.test"), await key("buyer@container.test")];
  });

  await step("image upload (tus) and validation", () => uploadImage(base, isvKey));
  await step("deploy test on the mounted engine", () => deployTest(base, isvKey));
  await step("MQTT device with an IoTDA login", () => mqttDevice(base, mqttPort, buyerKey));

  await step("docker restart: data and session survive", async () => {
    await docker.run(["restart", NAME]);
    await healthy();
    const me = await api<{ email: string }>(base, "/api/v1/me", { cookie });
    check(me.email === operatorEmail, "the operator's session cookie is still valid");
    const { images } = await api<{ images: { name: string }[] }>(base, "/api/v1/images", { key: isvKey });
    check(images.some((i) => i.name === "hello-iot"), "the uploaded image is still there");
    const again = [...(await logs()).matchAll(OPERATOR_LINE)];
    check(again.length === 1, `the operator password is not printed again after the restart (${again.length} in all)`);
  });

  await step("a socket the server may not open is no silent fallback", async () => {
    await docker.run(["volume", "create", `${VOLUME}-2`]);
    await docker.run(runArgs(`${NAME}-2`, `${VOLUME}-2`, false));
    const line = await waitFor("the fallback to be logged", 90_000, async () => (await logs(`${NAME}-2`)).split("\n").find((l) => l.includes("local-sandbox")));
    check(/EACCES/.test(line) && line.includes("--group-add $(stat -c %g /var/run/docker.sock)") && line.includes("group_add"), `the log says why and how to fix it: ${line.trim()}`);
  });

  await step("Docker's health check", async () => {
    const status = await waitFor("the container to be healthy", 60_000, async () => {
      const state = await docker.run(["inspect", "-f", "{{.State.Health.Status}}", NAME]);
      return state === "healthy" ? state : undefined;
    });
    check(status === "healthy", "docker inspect reports the container healthy");
  });
}

/** Where the dependency stage is cached: named by what goes into it (lockfile, the stage's lines, base image). */
function dependencyCache() {
  const dir = process.env.STAGECRAFT_CACHE || "/var/cache/stagecraft";
  const dockerfile = fs.readFileSync(path.join(root, "Dockerfile"), "utf8");
  const stage = dockerfile.slice(0, dockerfile.indexOf("FROM deps AS build"));
  const base = fs.readFileSync(path.join(root, "tests/container/node-base-image.sh"), "utf8");
  const key = createHash("sha256").update(fs.readFileSync(path.join(root, "package-lock.json"))).update(stage).update(base).digest("hex").slice(0, 16);
  return { dir, tar: path.join(dir, `stagecraft-deps-${key}.tar`), image: `stagecraft-deps:${key}` };
}

async function timed(run: () => Promise<void>): Promise<string> {
  const at = Date.now();
  await run();
  return `${((Date.now() - at) / 1000).toFixed(1)} s`;
}

async function cleanUp() {
  if (!engine) return;
  const docker = dockerCli(engine.socketPath);
  const quietly = (args: string[]) => docker.run(args).catch(() => "");
  await quietly(["rm", "-f", "-v", NAME, `${NAME}-2`]);
  await quietly(["volume", "rm", VOLUME, `${VOLUME}-2`]);
  await quietly(["network", "rm", NETWORK]);
  await engine.stop();
}

// Interrupted (Ctrl-C, a CI timeout): clean up all the same, then exit.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(1));
  });
}
process.on("exit", (code) => console.log(`test:container exits with ${code}`));

// Nothing of the test's keeps Node's event loop busy at every moment (the engine's process is
// detached, freePort's probe server unref'd): without this, Node would end the run in silence
// while a step awaits.
const keepAlive = setInterval(() => {}, 60_000);
let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (engine) {
    const out = await dockerCli(engine.socketPath).logs(NAME).catch(() => "");
    if (out) console.error(`\nLast lines of the container's log:\n${out.split("\n").slice(-80).join("\n")}`);
  }
} finally {
  await step("clean up (containers, volumes, network, engine)", cleanUp).catch((error: unknown) => {
    failed = true;
    console.error(error);
  });
}
clearInterval(keepAlive);
console.log(`\n${failed ? "FAILED" : "PASSED"} in ${elapsed()}${figures.length ? `: ${figures[0]}` : ""}`);
process.exit(failed ? 1 : 0);
