// A real Docker Engine for the tests that need one: its own data root, socket and pidfile under
// /tmp, started with `dockerd --iptables=false --bridge=none` and stopped afterwards.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { freePort } from "./ports";
import type { TestPki } from "./tls";

export type TestEngine = { socketPath: string; tcpPort?: number; docker: Docker; stop: () => Promise<void> };

const POOLS = path.join(os.tmpdir(), "stagecraft-dockerd-pools");

/**
 * A private address range for one engine's networks. Engines started side by side (vitest runs
 * test files in parallel) must not give their bridge networks the same subnet: the host would
 * route published ports to the wrong bridge. Claimed by an atomic mkdir; a claim whose process is
 * gone is taken over.
 */
function claimAddressPool(): { base: string; release: () => void } {
  fs.mkdirSync(POOLS, { recursive: true });
  for (let octet = 64; octet < 250; octet++) {
    const claim = path.join(POOLS, String(octet));
    try {
      fs.mkdirSync(claim);
    } catch {
      const owner = Number(fs.readFileSync(path.join(claim, "pid"), "utf8").trim() || 0);
      try {
        process.kill(owner, 0);
        continue; // held by a live process
      } catch {
        // its process is gone: take it over
      }
    }
    fs.writeFileSync(path.join(claim, "pid"), String(process.pid));
    return { base: `10.${octet}.0.0/16`, release: () => fs.rmSync(claim, { recursive: true, force: true }) };
  }
  throw new Error("no free address pool for a test Docker Engine");
}

/**
 * A client without pooled connections: dockerd closes one idle for 300 s, and a run longer than
 * that (the e2e suite) reusing it at that moment failed its cleanup with EPIPE.
 */
export function testEngineClient(socketPath: string): Docker {
  const options: Docker.DockerOptions & { agent: http.Agent } = { socketPath, agent: new http.Agent({ keepAlive: false }) };
  return new Docker(options);
}

/**
 * A Docker Engine of the test's own; with `tcp`, it also listens on a loopback TCP port, as a
 * remote engine would, and with `tls` that port requires client certificates (--tlsverify).
 */
export async function startDockerd(options: { tcp?: boolean; tcpHost?: string; tls?: TestPki } = {}): Promise<TestEngine> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scd-"));
  const socketPath = path.join(dir, "d.sock");
  const pidfile = path.join(dir, "d.pid");
  const log = fs.openSync(path.join(dir, "dockerd.log"), "w");
  const pool = claimAddressPool();
  const tcpPort = options.tcp ? await freePort() : undefined;
  const child = spawn(
    "dockerd",
    [
      "--iptables=false",
      "--bridge=none",
      "--default-address-pool",
      `base=${pool.base},size=24`,
      "--data-root",
      path.join(dir, "root"),
      "--exec-root",
      path.join(dir, "exec"),
      "--pidfile",
      pidfile,
      "-H",
      `unix://${socketPath}`,
      ...(tcpPort ? ["-H", `tcp://${options.tcpHost ?? "127.0.0.1"}:${tcpPort}`] : []),
      ...(options.tls ? ["--tlsverify", "--tlscacert", options.tls.ca, "--tlscert", options.tls.serverCert, "--tlskey", options.tls.serverKey] : []),
    ],
    { stdio: ["ignore", log, log], detached: true },
  );
  child.unref();
  const docker = testEngineClient(socketPath);
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
    tcpPort,
    docker,
    async stop() {
      for (const c of await docker.listContainers({ all: true })) await docker.getContainer(c.Id).remove({ force: true });
      // User-defined bridges outlive the daemon: remove them, or the next engine given this
      // address pool would find the host routing its subnet to a stale bridge.
      for (const n of await docker.listNetworks()) if (!["none", "host", "bridge"].includes(n.Name)) await docker.getNetwork(n.Id).remove();
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
      pool.release();
    },
  };
}
