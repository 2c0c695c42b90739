import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { PassThrough, Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import Docker from "dockerode";
import type { DeploymentTarget } from "@/db/schema";
import type { CredentialsProperties, EndpointProperties, VolumeProperties, WorkloadProperties } from "@/lib/catalog/properties";
import { openCredential } from "../sealed";
import type { CreatedNode, NodeContext, Provider } from "../types";
import { imageStore } from "./docker-images";
import { portTaken, releasePort, reservePort } from "./ports";

export type DockerSettings = {
  /** The local engine's socket; ignored when `host` is set. */
  socketPath?: string;
  /** An engine over TCP (`dockerd -H tcp://…`), on `port` (2375, or 2376 with TLS). */
  host?: string;
  port?: number;
  /** TLS client certificates for an engine started with --tlsverify (PEM); the key is stored sealed. */
  tlsCa?: string;
  tlsCert?: string;
  tlsKeyEncrypted?: string;
  /** The host name that access URLs use: default the engine's `host`, or 127.0.0.1 for a socket. */
  publicHost?: string;
  /**
   * The address at which this server reaches the ports published on the engine's host, for health
   * checks: default the engine's `host`, or 127.0.0.1 for a socket. Stagecraft in a container
   * with the host's socket mounted needs the host's address as the container sees it
   * (`host.docker.internal`); ports nobody else needs are then published on that address only.
   */
  probeHost?: string;
  healthTimeoutMs?: number;
  /** Host ports published for workloads are taken from this range (default 20000–29999). */
  portRange?: [number, number];
  /** Pull images from this server's registry endpoint (PUBLIC_URL) instead of loading the archive. */
  pullFromRegistry?: boolean;
};

const LABEL_DEPLOYMENT = "stagecraft.deployment";
const LABEL_NODE = "stagecraft.node";
const LABEL_IMAGE = "stagecraft.image";
const notFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;
const conflict = (error: unknown) => (error as { statusCode?: number }).statusCode === 409;

/** Names derive from the deployment and node ids, so a repeated step finds what it created. */
export function resourceName(deploymentId: string, nodeId: string, replica?: number): string {
  const safe = nodeId.replace(/[^a-zA-Z0-9_.-]/g, "-");
  return `sc-${deploymentId}-${safe}${replica === undefined ? "" : `-r${replica}`}`;
}

/** The deployment's own bridge network: its workloads, and nothing else, are attached to it. */
export const networkName = (deploymentId: string) => `sc-${deploymentId}`;

/**
 * dockerd closes a connection after 300 s idle, and a pooled socket reused at that moment fails
 * its request (EPIPE). A local socket costs nothing to open: no pool. A remote engine's connections
 * (a TLS handshake each) are kept, but dropped after 60 s idle, well before the engine drops them.
 */
const localAgent = new http.Agent({ keepAlive: false });
const remoteAgent = new http.Agent({ keepAlive: true, timeout: 60_000 });
const remoteTlsAgent = new https.Agent({ keepAlive: true, timeout: 60_000 });

/** docker-modem takes an `agent`; dockerode's types leave it out. */
type ClientOptions = Docker.DockerOptions & { agent: http.Agent };
const client = (options: ClientOptions) => new Docker(options);

function connect(targetId: string, settings: DockerSettings): Docker {
  if (!settings.host) return client({ socketPath: settings.socketPath ?? "/var/run/docker.sock", agent: localAgent });
  if (settings.tlsCert && settings.tlsKeyEncrypted) {
    const key = openCredential(targetId, "tlsKeyEncrypted", settings.tlsKeyEncrypted);
    return client({ host: settings.host, port: settings.port ?? 2376, protocol: "https", ca: settings.tlsCa, cert: settings.tlsCert, key, agent: remoteTlsAgent });
  }
  return client({ host: settings.host, port: settings.port ?? 2375, agent: remoteAgent });
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

/** A host for a URL: an IPv6 address in brackets. */
const urlHost = (host: string) => (isIP(host) === 6 ? `[${host}]` : host);

/** Container port → host port, as the engine reports a container's published ports. */
type Published = Record<string, number>;

function publishedOf(info: Docker.ContainerInspectInfo): Published {
  const bindings = (info.HostConfig.PortBindings ?? {}) as Record<string, { HostPort?: string }[] | null>;
  return Object.fromEntries(Object.entries(bindings).map(([key, list]) => [key.split("/")[0], Number(list?.[0]?.HostPort)]));
}

/**
 * Docker Engine through dockerode, local socket or TCP alike. Each deployment gets a bridge
 * network of its own (`sc-<deployment id>`); every workload container joins it with its node id
 * as DNS alias, so workloads reach each other as `http://<node id>:<port>`, and listens on its
 * declared port (also passed as PORT). No container uses the host's network. The workload's port,
 * and the ports its public endpoints expose, are published on the engine's host; health checks
 * and access URLs go there, so an engine on another machine works like the local one.
 */
export function dockerProvider(target: DeploymentTarget): Provider {
  const settings = target.settings as DockerSettings;
  const docker = connect(target.id, settings);
  const remote = Boolean(settings.host);
  // Where the engine is, where this server reaches published ports, and where users do.
  const engineHost = settings.host ?? "127.0.0.1";
  const probeHost = settings.probeHost || engineHost;
  const publicHost = settings.publicHost || engineHost;
  const [portFrom, portTo] = settings.portRange ?? [20000, 29999];
  const images = imageStore(docker);
  const networks = new Map<string, Promise<string>>();

  /** Creates the deployment's network once; a retried step, or a parallel one, finds it. */
  function ensureNetwork(ctx: NodeContext): Promise<string> {
    const name = networkName(ctx.deploymentId);
    let found = networks.get(name);
    if (!found) {
      found = (async () => {
        try {
          await docker.createNetwork({ Name: name, Driver: "bridge", CheckDuplicate: true, Labels: { [LABEL_DEPLOYMENT]: ctx.deploymentId } });
          ctx.log("info", `created network ${name}`);
        } catch (error) {
          if (!conflict(error)) throw error; // made by an earlier attempt
        }
        return name;
      })();
      networks.set(name, found);
      found.catch(() => networks.delete(name));
    }
    return found;
  }

  let probeIp: Promise<string> | undefined;
  /** The probe host as an IP address the engine can bind published ports to. */
  function probeAddress(): Promise<string> {
    probeIp ??= isIP(probeHost) ? Promise.resolve(probeHost) : lookup(probeHost).then((found) => found.address);
    probeIp.catch(() => (probeIp = undefined));
    return probeIp.catch((error: unknown) => {
      throw new Error(`the probe host ${probeHost} does not resolve: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  async function waitHealthy(container: Docker.Container, hostPort: number, path: string) {
    const timeout = settings.healthTimeoutMs ?? 60_000;
    const until = Date.now() + timeout;
    const url = `http://${urlHost(probeHost)}:${hostPort}${path}`;
    // Most applications answer within a few hundred milliseconds: look early, then every 300 ms.
    for (let pause = 25; Date.now() < until; pause = Math.min(pause * 2, 300)) {
      const state = (await container.inspect()).State;
      if (!state.Running) break;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        // A protected application answers 401 to a request without its credentials: it is up.
        if (response.ok || response.status === 401) return;
      } catch {
        // not listening yet
      }
      await sleep(pause);
    }
    const logs = await lastLogLines(container);
    throw new Error(`not healthy at ${url} within ${Math.round(timeout / 1000)} s${logs ? `; last log lines:\n${logs}` : ""}`);
  }

  /**
   * Creates and starts one replica with its ports published on host ports from the target's
   * range; a port the engine's host already uses is given up for another.
   */
  async function startReplica(name: string, spec: Docker.ContainerCreateOptions, ports: number[], exposed: Set<number>): Promise<Docker.Container> {
    for (let attempt = 1; ; attempt++) {
      const hostPorts = ports.map(() => reservePort(portFrom, portTo));
      // Published on every interface when users reach the port, or when this server reaches the
      // engine over the network; otherwise only where this server probes it (the engine's
      // loopback, or the host's address as a container sees it).
      const privateIp = remote ? "" : await probeAddress();
      const bindings = Object.fromEntries(
        ports.map((port, i) => [`${port}/tcp`, [{ HostIp: exposed.has(port) ? "" : privateIp, HostPort: String(hostPorts[i]) }]]),
      );
      const exposedPorts = Object.fromEntries(ports.map((port) => [`${port}/tcp`, {}]));
      try {
        const container = await docker.createContainer({ ...spec, name, ExposedPorts: exposedPorts, HostConfig: { ...spec.HostConfig, PortBindings: bindings } });
        try {
          await container.start();
        } catch (error) {
          await container.remove({ force: true });
          throw error;
        }
        return container;
      } catch (error) {
        if (!portTaken(error) || attempt >= 10) throw error;
      } finally {
        hostPorts.forEach(releasePort);
      }
    }
  }

  async function createWorkload(ctx: NodeContext): Promise<CreatedNode> {
    const props = ctx.properties as WorkloadProperties;
    const [imageId, network] = await Promise.all([images.ensure(ctx), ensureNetwork(ctx)]);
    const env = Object.entries({ PORT: String(props.port), ...props.env, ...ctx.environment }).map(([k, v]) => `${k}=${v}`);
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
    const exposed = new Set((ctx.exposures ?? []).map((e) => e.port));
    const ports = [...new Set([props.port, ...exposed])];
    const aliases = [...new Set([ctx.nodeId, ctx.nodeId.toLowerCase().replace(/[^a-z0-9-]/g, "-")])];
    const spec: Docker.ContainerCreateOptions = {
      Image: imageId,
      Cmd: props.command,
      Env: env,
      Labels: { [LABEL_DEPLOYMENT]: ctx.deploymentId, [LABEL_NODE]: ctx.nodeId, [LABEL_IMAGE]: ctx.image!.ref },
      HostConfig: {
        NetworkMode: network,
        Init: true,
        NanoCpus: Math.round(props.cpu * 1e9),
        Memory: props.memory * 1024 * 1024,
        Mounts: mounts,
      },
      NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: aliases } } },
    };
    const published: Published[] = [];
    const ids: string[] = [];
    for (let replica = 0; replica < props.replicas; replica++) {
      const name = resourceName(ctx.deploymentId, ctx.nodeId, replica);
      let container = docker.getContainer(name);
      try {
        const found = await container.inspect();
        ctx.log("info", `found container ${name} from an earlier attempt`);
        if (!found.State.Running) await container.start();
      } catch (error) {
        if (!notFound(error)) throw error;
        container = await startReplica(name, spec, ports, exposed);
      }
      const hostPorts = publishedOf(await container.inspect());
      ctx.log("info", `started container ${name} on network ${network} as ${ctx.nodeId}:${props.port} (published on ${probeHost}:${hostPorts[props.port]})`);
      await waitHealthy(container, hostPorts[props.port]!, props.healthPath);
      published.push(hostPorts);
      ids.push(container.id);
    }
    return { externalId: ids.join(","), details: { published } };
  }

  function createEndpoint(ctx: NodeContext): CreatedNode {
    const workload = ctx.dependencies.find((d) => d.type === "workload");
    if (!workload) throw new Error("an endpoint needs the workload it exposes");
    const port = (ctx.properties as EndpointProperties).port ?? (workload.properties as WorkloadProperties).port;
    if ((ctx.properties as EndpointProperties).public === false) {
      return { externalId: `${workload.nodeId}:${port}`, details: { internalUrl: `http://${workload.nodeId}:${port}/` } };
    }
    // Each replica has its own host port; the access URL is the first one's.
    const hostPort = (workload.details.published as Published[] | undefined)?.[0]?.[String(port)];
    if (!hostPort) throw new Error(`the workload ${workload.nodeId} does not publish port ${port}`);
    return { externalId: `${publicHost}:${hostPort}`, details: { url: `http://${publicHost}:${hostPort}/` } };
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
        case "endpoint":
          return createEndpoint(ctx);
        case "network":
          // The graph's network node names the deployment's network; workloads create it too, as
          // a graph without one still gets a network of its own.
          return { externalId: await ensureNetwork(ctx) };
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
      // The network goes with the deployment (removeDeployment), after every container.
    },
    async removeDeployment(deploymentId, log) {
      // A container whose creation was still under way in the engine when an earlier run of this
      // deployment crashed belongs to no recorded node: it goes here, before the network.
      const strays = await docker.listContainers({ all: true, filters: { label: [`${LABEL_DEPLOYMENT}=${deploymentId}`] } });
      for (const c of strays) {
        await docker.getContainer(c.Id).remove({ force: true, v: true });
        log("warn", `removed container ${c.Names[0]?.replace(/^\//, "") ?? c.Id}, left by an interrupted step`);
      }
      const name = networkName(deploymentId);
      try {
        await docker.getNetwork(name).remove();
        log("info", `removed network ${name}`);
      } catch (error) {
        if (!notFound(error)) throw error;
      }
    },
  };
}

/** Everything a deployment left on an engine, by its label (tests and the final uninstall check). */
export async function labelledLeftovers(target: DeploymentTarget, deploymentId: string) {
  const docker = connect(target.id, target.settings as DockerSettings);
  const filters = { label: [`${LABEL_DEPLOYMENT}=${deploymentId}`] };
  const [containers, volumes, networks] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listVolumes({ filters }),
    docker.listNetworks({ filters }),
  ]);
  return { containers: containers.length, volumes: volumes.Volumes?.length ?? 0, networks: networks.length };
}
