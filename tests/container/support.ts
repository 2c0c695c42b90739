// Plumbing of `npm run test:container`: timed steps, the docker CLI against the test's engine, and
// HTTP with a session cookie or an API key.
import { execFile, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

const started = Date.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs one named step, logging its start, its end and how long it took; rethrows its failure with its name. */
export async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const at = Date.now();
  console.log(`\n▶ ${name}  (at ${seconds(at - started)})`);
  try {
    const result = await run();
    console.log(`✔ ${name}  ${seconds(Date.now() - at)}`);
    return result;
  } catch (error) {
    console.error(`✘ ${name}  ${seconds(Date.now() - at)}`);
    throw error;
  }
}

export const elapsed = () => seconds(Date.now() - started);

/** Fails the test loudly: the message says what was expected and what was seen. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`  ✓ ${message}`);
}

/** The docker CLI against one engine; BuildKit off, as this machine's CLI has no buildx (the classic builder). */
export function dockerCli(socketPath: string) {
  const env = { ...process.env, DOCKER_HOST: `unix://${socketPath}`, DOCKER_BUILDKIT: "0" };
  /** Output of a docker command; a non-zero exit rejects with its stderr. */
  const run = (args: string[], options: { withStderr?: boolean } = {}) =>
    new Promise<string>((resolve, reject) => {
      execFile("docker", args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`docker ${args.join(" ")} failed: ${stderr.trim() || error.message}`));
        else resolve(options.withStderr ? `${stdout}${stderr}` : stdout.trim());
      });
    });
  /** A container's log, what it wrote to stdout and to stderr. */
  const logs = (name: string) => run(["logs", name], { withStderr: true });
  /** A docker command whose output streams to this one's (a build), prefixed and indented. */
  const stream = (args: string[], quietLines?: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn("docker", args, { env, stdio: ["ignore", "pipe", "pipe"] });
      const tail: string[] = [];
      const print = (chunk: Buffer) => {
        for (const line of chunk.toString().split("\n")) {
          if (!line.trim()) continue;
          tail.push(line);
          if (tail.length > 60) tail.shift();
          if (!quietLines || !quietLines.test(line)) console.log(`    ${line}`);
        }
      };
      child.stdout.on("data", print);
      child.stderr.on("data", print);
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`docker ${args.join(" ")} exited with ${code}:\n${tail.join("\n")}`))));
    });
  return { env, run, logs, stream };
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs` with the last error. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`timed out after ${seconds(timeoutMs)} waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ""}`);
    await sleep(500);
  }
}

/** JSON from the server, with an API key or a session cookie; a status other than `expect` throws with the body. */
export async function api<T = Record<string, unknown>>(
  base: string,
  path: string,
  auth: { key?: string; cookie?: string },
  init: { method?: string; body?: unknown; expect?: number } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (auth.key) headers["X-Auth-Token"] = auth.key;
  if (auth.cookie) headers.cookie = auth.cookie;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${base}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await response.text();
  if (response.status !== (init.expect ?? 200)) throw new Error(`${init.method ?? "GET"} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Signs in through Auth.js's credentials callback, as the login form does; the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const body = new URLSearchParams({ email, password, csrfToken });
  const login = await fetch(`${base}/api/auth/callback/credentials`, { method: "POST", body, headers: { cookie: jar.join("; ") }, redirect: "manual" });
  const session = login.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in of ${email} failed (${login.status})`);
  return session;
}
