import "server-only";
import fs from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import type { AuthenticateError, Client } from "aedes";
import { mqttPort, mqttTlsSettings } from "@/lib/env";
import { log } from "@/lib/log/logger.mjs";
import { mqttConnections, mqttMessages } from "@/lib/metrics/instruments.mjs";
import { DeviceBroker } from "./aedes";
import { authenticateDevice, parseClientId, type AuthenticatedDevice } from "./auth";
import { flushPending, markAllOffline, pruneMessages, setDeviceStatus, storeMessage } from "./store";
import { maySubscribe, publishKind } from "./topics";

/** `tls` adds a listener whose clients may show a certificate (certificate devices must). */
export type MqttOptions = { port?: number; host?: string; maxPayloadBytes?: number; tls?: { port: number; cert: Buffer | string; key: Buffer | string } | null };
export type RunningBroker = {
  port: number;
  tlsPort: number | null;
  /** Sends a message from the platform (QoS 1) to whoever subscribed to `topic`. */
  publish: (topic: string, payload: string) => Promise<void>;
  /** Ends the open connections of these devices (deleted, or their secret replaced); returns how many. */
  disconnect: (deviceIds: string[]) => number;
  close: () => Promise<void>;
};

const PRUNE_EVERY_MS = 3_600_000;

/** The TLS listener's settings from the environment, with its PEM files read. */
function tlsFromEnv(): MqttOptions["tls"] {
  const settings = mqttTlsSettings();
  return settings && { port: settings.port, cert: fs.readFileSync(settings.certFile), key: fs.readFileSync(settings.keyFile) };
}

/** Lowercase hex SHA-256 and SHA-1 fingerprints of the client certificate a TLS client showed. */
function certificateOf(client: Client): string[] {
  const socket = client.conn as Partial<TLSSocket>;
  const cert = socket.getPeerCertificate?.();
  if (!cert?.fingerprint256) return [];
  return [cert.fingerprint256, cert.fingerprint].map((f) => f.replace(/:/g, "").toLowerCase());
}

/** The authenticated device behind an aedes client, kept on the client itself. */
const deviceOf = (client: Client | null) => (client as (Client & { device?: AuthenticatedDevice }) | null)?.device;

/**
 * An MQTT broker speaking IoTDA's device protocol: IoTDA's credentials, each device confined to
 * its own topics, uplink messages stored, online status kept in the devices table.
 */
export async function createMqttBroker(options: MqttOptions = {}): Promise<RunningBroker> {
  const maxPayload = options.maxPayloadBytes ?? 1024 * 1024;
  // Connections per device: a device may reconnect (a new client ID each hour) before its old
  // connection is noticed as gone, and must stay online until the last one closes.
  const connections = new Map<number, number>();
  const counted = new WeakSet<Client>();
  // Open connections by device ID, to end them when the device is deleted or its secret replaced.
  const sessions = new Map<string, Set<Client>>();
  // Why a connected device's connection ended, for its log line: an error aedes saw, or a revocation.
  const endings = new WeakMap<Client, string>();

  const broker = await DeviceBroker.start({
    authenticate(client, username, password, done) {
      const device = authenticateDevice(client.id, username, password, Date.now(), certificateOf(client));
      if (!device) {
        // The client ID and the device it names, never the password.
        const address = (client.conn as Partial<Socket>).remoteAddress;
        log.warn({ event: "mqtt.refused", clientId: client.id, deviceId: parseClientId(client.id)?.deviceId, address, reason: "bad credentials" }, "MQTT connection refused");
        const error = new Error("Bad username or password") as AuthenticateError;
        error.returnCode = 4;
        return done(error, null);
      }
      (client as Client & { device?: AuthenticatedDevice }).device = device;
      done(null, true);
    },
    // Messages are stored here, before aedes goes on: it writes a QoS 1 PUBACK right after this
    // check (before its `published` hook), and a PUBACK must mean "stored".
    authorizePublish(client, packet, done) {
      if (!client) return done(); // the broker's own $SYS messages
      const device = deviceOf(client);
      const kind = device ? publishKind(device.id, packet.topic) : null;
      if (!device || !kind) return done(new Error("topic not allowed"));
      if (packet.payload.length > maxPayload) return done(new Error("payload too large"));
      const payload = Buffer.from(packet.payload).toString("utf8");
      // A message dropped for a device deleted while connected is still acknowledged. One that could
      // not be stored (the disk is full, say) is refused: no PUBACK, the connection closes, and the
      // device sends it again after reconnecting.
      storeMessage({ deviceSeq: device.seq, topic: packet.topic, kind, payload, receivedAt: new Date() }, (error) => {
        if (!error) mqttMessages.inc();
        done(error ?? null);
      });
    },
    authorizeSubscribe(client, subscription, done) {
      const device = deviceOf(client);
      // null answers with a failure code in SUBACK: the device stays connected.
      done(null, device && maySubscribe(device.id, subscription.topic) ? subscription : null);
    },
  });

  broker.on("clientReady", (client) => {
    const device = deviceOf(client);
    if (!device) return;
    counted.add(client);
    mqttConnections.inc();
    // Debug: a line per connect and per ordinary close costs more than the connect's own work in a
    // reconnect storm. Refusals (warn) and connections ended by an error or a revocation (info) stay.
    log.debug({ event: "mqtt.connected", clientId: client.id, deviceId: device.id }, "MQTT device connected");
    sessions.set(device.id, (sessions.get(device.id) ?? new Set()).add(client));
    connections.set(device.seq, (connections.get(device.seq) ?? 0) + 1);
    setDeviceStatus(device.seq, "ONLINE");
  });
  broker.on("clientDisconnect", (client) => {
    const device = deviceOf(client);
    if (!device || !counted.has(client)) return;
    counted.delete(client);
    mqttConnections.dec();
    const reason = endings.get(client);
    log[reason ? "info" : "debug"]({ event: "mqtt.disconnected", clientId: client.id, deviceId: device.id, reason: reason ?? "closed" }, "MQTT device disconnected");
    const open = sessions.get(device.id);
    open?.delete(client);
    if (open?.size === 0) sessions.delete(device.id);
    const left = (connections.get(device.seq) ?? 1) - 1;
    if (left > 0) return void connections.set(device.seq, left);
    connections.delete(device.seq);
    setDeviceStatus(device.seq, "OFFLINE");
  });

  broker.on("clientError", (client, error) => {
    if (counted.has(client)) endings.set(client, error.message);
  });

  markAllOffline();
  // No Nagle: a device waiting for each PUBACK before its next report would otherwise stall on
  // delayed ACKs (about 40 ms per message), as mosquitto avoids with TCP_NODELAY too.
  const server: Server = createServer({ noDelay: true }, broker.handle);
  // Any certificate is accepted at the handshake (devices' certificates are often self-signed):
  // what counts is that its fingerprint is the one registered for the device.
  const tls = options.tls === undefined ? tlsFromEnv() : options.tls;
  const tlsServer = tls ? createTlsServer({ cert: tls.cert, key: tls.key, requestCert: true, rejectUnauthorized: false }, broker.handle) : null;
  tlsServer?.on("tlsClientError", () => {}); // a failed handshake concerns that client only
  const listen = (s: Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, options.host, () => resolve());
    });
  try {
    await listen(server, options.port ?? mqttPort());
    if (tlsServer) await listen(tlsServer, tls!.port);
  } catch (error) {
    // A port already taken: nothing may stay half-open (the caller may try again).
    server.close();
    tlsServer?.close();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw error;
  }
  const prune = () => {
    try {
      pruneMessages();
    } catch (error) {
      log.error({ err: error }, "pruning MQTT messages failed");
    }
  };
  prune();
  const pruner = setInterval(prune, PRUNE_EVERY_MS).unref();

  return {
    port: (server.address() as AddressInfo).port,
    tlsPort: tlsServer ? (tlsServer.address() as AddressInfo).port : null,
    publish: (topic, payload) =>
      new Promise<void>((resolve, reject) =>
        broker.publish({ cmd: "publish", topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false }, (error?: Error) => (error ? reject(error) : resolve())),
      ),
    disconnect: (deviceIds) => {
      const ids = new Set(deviceIds);
      const gone = [...ids].flatMap((id) => [...(sessions.get(id) ?? [])]);
      for (const client of gone) {
        endings.set(client, "device revoked");
        client.close();
      }
      return gone.length;
    },
    close: async () => {
      clearInterval(pruner);
      // No new connection from here on; the listeners' close callbacks wait for open sockets to end.
      const listeners = [server, tlsServer].flatMap((s) => (s ? [new Promise<void>((resolve) => s.close(() => resolve()))] : []));
      // The broker closes its clients, which marks their devices offline (clientDisconnect).
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await Promise.all(listeners);
      // Messages received in the last tick, and the devices' offline status, are committed (and
      // the messages acknowledged) before this resolves.
      flushPending();
    },
  };
}
