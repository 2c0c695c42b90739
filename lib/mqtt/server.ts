import "server-only";
import { log } from "@/lib/log/logger.mjs";
import { createMqttBroker, type RunningBroker } from "./broker";

const state = globalThis as typeof globalThis & { __stagecraftMqtt?: Promise<RunningBroker> };

/** Starts this server process's MQTT listener once; a second call gets the same broker. */
export function startMqtt(): Promise<RunningBroker> {
  state.__stagecraftMqtt ??= createMqttBroker().then(
    (broker) => {
      log.info({ port: broker.port, tlsPort: broker.tlsPort }, `MQTT broker listening on port ${broker.port}${broker.tlsPort ? `, TLS on ${broker.tlsPort}` : ""}`);
      return broker;
    },
    (error) => {
      delete state.__stagecraftMqtt; // a later call may try again
      throw error;
    },
  );
  return state.__stagecraftMqtt;
}

export async function stopMqtt(): Promise<void> {
  const running = state.__stagecraftMqtt;
  delete state.__stagecraftMqtt;
  await (await running)?.close();
}

/** The running listener of this process, if it started (a taken port leaves none). */
export async function runningBroker(): Promise<RunningBroker | null> {
  try {
    return (await state.__stagecraftMqtt) ?? null;
  } catch {
    return null;
  }
}

/**
 * Ends the MQTT sessions of devices that were deleted or got a new secret, so that a credential
 * that no longer holds stops working at once, not at the device's next reconnect.
 */
export function disconnectDevices(deviceIds: string[]): void {
  if (deviceIds.length === 0 || !state.__stagecraftMqtt) return;
  runningBroker()
    .then((broker) => broker?.disconnect(deviceIds))
    .catch((error) => log.error({ err: error }, "disconnecting MQTT devices failed"));
}
