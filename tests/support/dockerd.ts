// A real Docker Engine for the tests that need one: its own data root, socket and pidfile under
// /tmp, started with `dockerd --iptables=false --bridge=none` and stopped afterwards.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";

export type TestEngine = { socketPath: string; docker: Docker; stop: () => Promise<void> };

export async function startDockerd(): Promise<TestEngine> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scd-"));
  const socketPath = path.join(dir, "d.sock");
  const pidfile = path.join(dir, "d.pid");
  const log = fs.openSync(path.join(dir, "dockerd.log"), "w");
  const child = spawn(
    "dockerd",
    ["--iptables=false", "--bridge=none", "--data-root", path.join(dir, "root"), "--exec-root", path.join(dir, "exec"), "--pidfile", pidfile, "-H", `unix://${socketPath}`],
    { stdio: ["ignore", log, log], detached: true },
  );
  child.unref();
  const docker = new Docker({ socketPath });
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      await docker.ping();
      break;
    } catch {
      if (Date.now() > until || child.exitCode !== null) {
        throw new Error(`dockerd did not start:\n${fs.readFileSync(path.join(dir, "dockerd.log"), "utf8").slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    socketPath,
    docker,
    async stop() {
      for (const c of await docker.listContainers({ all: true })) await docker.getContainer(c.Id).remove({ force: true });
      const pid = Number(fs.readFileSync(pidfile, "utf8"));
      process.kill(pid, "SIGTERM");
      const deadline = Date.now() + 15_000;
      while (fs.existsSync(pidfile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      try {
        execFileSync("umount", [path.join(dir, "exec", "netns", "default")], { stdio: "ignore" });
      } catch {
        // not mounted
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
