import "server-only";
import type { Readable } from "node:stream";
import { Aedes, type AedesOptions, type Client, type PublishPacket } from "aedes";

/** What aedes-persistence's in-memory store (aedes' default) is made of: a callback layer over its async store. */
type MemoryStore = { outgoingStream(client: Client): Readable; asyncPersistence?: { outgoingStream?(client: Client): Readable } };

/**
 * aedes without two costs it puts on every connect that this one-process broker has no use for; a
 * reconnect storm brings thousands of connects a second, and together they were a third of the
 * broker's CPU per connect (`npm run bench:mqtt`):
 *
 * - aedes announces every connect and disconnect on `$SYS/<broker id>/new/clients` and
 *   `…/disconnect/clients`, for the other brokers of a cluster to end their session of that client
 *   ID. Each is a trip through its whole publish path, and nothing here subscribes: they are
 *   dropped. A second connection with the same client ID still ends the first (aedes does that in
 *   `registerClient`, not through $SYS). Other $SYS messages (birth, a heartbeat a minute) stay.
 * - its in-memory store hands a session's queued messages to each connect as a stream over a
 *   stream (`Readable.from` of the store's own `Readable.from`); the inner stream, with the same
 *   messages, is handed over instead.
 *
 * A third cost is inside aedes' connect handler, which a subclass cannot reach: it read the queue
 * through a stream pipeline per connect, even an empty one. patches/aedes+1.2.0.patch reads it with
 * `for await` instead.
 */
export class DeviceBroker extends Aedes {
  #announcements: Set<string>;

  constructor(options: AedesOptions) {
    super(options);
    this.#announcements = new Set([`$SYS/${this.id}/new/clients`, `$SYS/${this.id}/disconnect/clients`]);
  }

  static async start(options: AedesOptions): Promise<DeviceBroker> {
    const broker = new DeviceBroker(options);
    await broker.listen();
    return broker;
  }

  override async listen(): Promise<void> {
    await super.listen();
    const store = (this as unknown as { persistence: MemoryStore }).persistence;
    const inner = store.asyncPersistence;
    // Only aedes' own store is changed, and only while it is built as above.
    if (typeof inner?.outgoingStream === "function") store.outgoingStream = (client) => inner.outgoingStream!(client);
  }

  // aedes calls publish(packet, done) and, for a will, publish(packet, client, done).
  override publish(packet: PublishPacket, ...rest: unknown[]): void {
    if (this.#announcements.has(packet.topic)) {
      const done = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
      return done?.();
    }
    return (super.publish as (...args: unknown[]) => void)(packet, ...rest);
  }
}
