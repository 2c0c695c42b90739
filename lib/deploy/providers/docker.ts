import fs from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import Docker from "dockerode";
import type { DeploymentTarget } from "@/db/schema";
import type { CredentialsProperties, VolumeProperties, WorkloadProperties } from "@/lib/catalog/properties";
import type { CreatedNode, NodeContext, Provider } from "../types";
import { allocatePort, releasePort } from "./ports";

export type DockerSettings = {
  socketPath?: string;
  host?: string;
  port?: number;
  /** The host name that access URLs use (default 127.0.0.1). */
  publicHost?: string;
  healthTimeoutMs?: number;
  portRange?: [number, number];
};

const LABEL_DEPLOYMENT = "stagecraft.deployment";
const LABEL_NODE = "stagecraft.node";
const LABEL_PORT = "stagecraft.port";
const notFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

/** Names derive from the deployment and node ids, so a repeated step finds what it created. */
export function resourceName(deploymentId: string, nodeId: string, replica?: number): string {
  const safe = nodeId.replace(/[^a-zA-Z0-9_.-]/g, "-");
  return `sc-${deploymentId}-${safe}${replica === undefined ? "" : `-r${replica}`}`;
}

function connect(settings: DockerSettings): Docker {
  if (settings.host) return new Docker({ host: settings.host, port: settings.port ?? 2375 });
  return new Docker({ socketPath: settings.socketPath ?? "/var/run/docker.sock" });
}

async function lastLogLines(container: Docker.Container, lines = 20): Promise<string> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const source = Readable.from([raw]);
    container.modem.demuxStream(source, out, out);
    await new Promise((resolve) => source.on("end", resolve));
    return Buffer.concat(chunks).toString("utf8").trim();
  } catch {
    return "";
  }
}

/**
 * Docker Engine through dockerode. Containers run on the host network (`Init: true`, cpu and
 * memory limits, labels tying them to the deployment and node) and learn their allocated port from
 * the PORT environment variable; an endpoint is that host port as an access URL.
 */
export function dockerProvider(target: DeploymentTarget): Provider {
  const settings = target.settings as DockerSettings;
  const docker = connect(settings);
  const publicHost = settings.publicHost ?? "127.0.0.1";
  const [portFrom, portTo] = settings.portRange ?? [20000, 29999];

  async function ensureImage(ctx: NodeContext): Promise<string> {
    const image = ctx.image!;
    const tag = image.repoTags[0];
    if (tag) {
      try {
        await docker.getImage(tag).inspect();
        return tag;
      } catch (error) {
        if (!notFound(error)) throw error;
      }
    }
    if (!fs.existsSync(image.archivePath)) throw new Error(`the image archive is missing: ${image.archivePath}`);
    ctx.log("info", `loading image ${tag ?? image.archivePath} into the engine`);
    const stream = await docker.loadImage(fs.createReadStream(image.archivePath));
    const messages: { stream?: string; error?: string }[] = await new Promise((resolve, reject) =>
      docker.modem.followProgress(stream, (err, output) => (err ? reject(err) : resolve(output))),
    );
    const failed = messages.find((m) => m.error);
    if (failed) throw new Error(`docker load failed: ${failed.error}`);
    const loadedId = messages.map((m) => m.stream?.match(/Loaded image ID: (\S+)/)?.[1]).find(Boolean);
    return tag ?? loadedId ?? "";
  }

  async function waitHealthy(ctx: NodeContext, container: Docker.Container, port: number, path: string) {
    const timeout = settings.healthTimeoutMs ?? 60_000;
    const until = Date.now() + timeout;
    while (Date.now() < until) {
      const state = (await container.inspect()).State;
      if (!state.Running) break;
      try {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
        // A protected application answers 401 to a request without its credentials: it is up.
        if (response.ok || response.status === 401) return;
      } catch {
        // not listening yet
      }
      await sleep(300);
    }
    const logs = await lastLogLines(container);
    throw new Error(`not healthy on port ${port}${path} within ${Math.round(timeout / 1000)} s${logs ? `; last log lines:\n${logs}` : ""}`);
  }

  async function createWorkload(ctx: NodeContext): Promise<CreatedNode> {
    const props = ctx.properties as WorkloadProperties;
    const tag = await ensureImage(ctx);
    const env = Object.entries({ ...props.env, ...ctx.environment }).map(([k, v]) => `${k}=${v}`);
    const mounts: Docker.MountSettings[] = [];
    for (const dep of ctx.dependencies) {
      if (dep.type === "credentials") {
        const creds = dep.properties as CredentialsProperties;
        env.push(`${creds.userEnv}=${dep.details.username}`, `${creds.passwordEnv}=${dep.details.password}`);
      }
      if (dep.type === "volume") {
        mounts.push({ Type: "volume", Source: resourceName(ctx.deploymentId, dep.nodeId), Target: (dep.properties as VolumeProperties).mountPath });
      }
    }
    const ports: number[] = [];
    const ids: string[] = [];
    for (let replica = 0; replica < props.replicas; replica++) {
      const name = resourceName(ctx.deploymentId, ctx.nodeId, replica);
      let container = docker.getContainer(name);
      let port: number;
      try {
        const found = await container.inspect();
        port = Number(found.Config.Labels[LABEL_PORT]);
        ctx.log("info", `found container ${name} from an earlier attempt`);
        if (!found.State.Running) await container.start();
      } catch (error) {
        if (!notFound(error)) throw error;
        port = await allocatePort(portFrom, portTo);
        try {
          container = await docker.createContainer({
            name,
            Image: tag,
            Cmd: props.command,
            Env: [...env, `PORT=${port}`],
            Labels: { [LABEL_DEPLOYMENT]: ctx.deploymentId, [LABEL_NODE]: ctx.nodeId, [LABEL_PORT]: String(port) },
            HostConfig: {
              NetworkMode: "host",
              Init: true,
              NanoCpus: Math.round(props.cpu * 1e9),
              Memory: props.memory * 1024 * 1024,
              Mounts: mounts,
            },
          });
          await container.start();
        } finally {
          releasePort(port);
        }
        ctx.log("info", `started container ${name} on port ${port}`);
      }
      await waitHealthy(ctx, container, port, props.healthPath);
      ports.push(port);
      ids.push(container.id);
    }
    return { externalId: ids.join(","), details: { ports } };
  }

  return {
    simulated: false,
    async check() {
      await docker.ping();
      const version = await docker.version();
      return `Docker Engine ${version.Version} (${version.Os}/${version.Arch})`;
    },
    async create(ctx) {
      switch (ctx.type) {
        case "workload":
          return createWorkload(ctx);
        case "volume": {
          const name = resourceName(ctx.deploymentId, ctx.nodeId);
          await docker.createVolume({ Name: name, Labels: { [LABEL_DEPLOYMENT]: ctx.deploymentId, [LABEL_NODE]: ctx.nodeId } });
          return { externalId: name };
        }
        case "endpoint": {
          const workload = ctx.dependencies.find((d) => d.type === "workload");
          const port = (workload?.details.ports as number[] | undefined)?.[0];
          if (!port) throw new Error("an endpoint needs the workload it exposes");
          return { externalId: `${publicHost}:${port}`, details: { url: `http://${publicHost}:${port}/` } };
        }
        case "network":
          // Containers share the host network here; a user-defined network would stay unused.
          return { externalId: "host" };
        case "credentials":
          return { externalId: "env" }; // handed to workloads as environment variables
      }
    },
    async remove(ctx) {
      if (ctx.type === "workload") {
        const found = await docker.listContainers({
          all: true,
          filters: { label: [`${LABEL_DEPLOYMENT}=${ctx.deploymentId}`, `${LABEL_NODE}=${ctx.nodeId}`] },
        });
        for (const c of found) {
          await docker.getContainer(c.Id).remove({ force: true, v: true });
          ctx.log("info", `removed container ${c.Names[0]?.replace(/^\//, "") ?? c.Id}`);
        }
      }
      if (ctx.type === "volume") {
        try {
          await docker.getVolume(resourceName(ctx.deploymentId, ctx.nodeId)).remove();
        } catch (error) {
          if (!notFound(error)) throw error;
        }
      }
    },
  };
}

/** Everything a deployment left on an engine, by its label (tests and the final uninstall check). */
export async function labelledLeftovers(target: DeploymentTarget, deploymentId: string) {
  const docker = connect(target.settings as DockerSettings);
  const filters = { label: [`${LABEL_DEPLOYMENT}=${deploymentId}`] };
  const [containers, volumes, networks] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listVolumes({ filters }),
    docker.listNetworks({ filters }),
  ]);
  return { containers: containers.length, volumes: volumes.Volumes?.length ?? 0, networks: networks.length };
}
