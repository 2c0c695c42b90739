/**
 * What one domain announces and another reacts to, so that domains depend downwards only: the
 * lower domain emits a fact after its write has committed, and the domains above it subscribe at
 * start-up (lib/wiring.ts), never the other way round. Listeners run synchronously, in the order
 * they subscribed; one that throws is logged and does not stop the others or the emitter, whose
 * write is already done.
 */
import { log } from "@/lib/log/logger.mjs";

export type DomainEvents = {
  /** A deployment's status changed (after the row was written). */
  "deployment.status": { deploymentId: string; purpose: string; status: string };
  /** Listings were published or withdrawn, or their material changed. */
  "listings.changed": Record<string, never>;
  /** The industries and scenarios applications choose from changed. */
  "industries.changed": Record<string, never>;
  /** An account's sessions ended (sign-out, role change, password reset): nothing may still show it signed in. */
  "sessions.ended": { userId: string };
  /** Devices were deleted or their secrets reset: their open sessions must end. */
  "devices.revoked": { deviceIds: string[] };
};

type Listener<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => void;
type Listeners = Map<keyof DomainEvents, Listener<never>[]>;

// Next bundles instrumentation.ts (which subscribes, lib/wiring.ts), the proxy and the app's routes
// separately, each with its own copy of this module: the listeners live on globalThis, shared by
// every copy in the process, or an event emitted by a server action would reach no one.
const LISTENERS = Symbol.for("stagecraft.events");
const globals = globalThis as typeof globalThis & { [LISTENERS]?: Listeners };
const listeners: Listeners = (globals[LISTENERS] ??= new Map());

export function on<K extends keyof DomainEvents>(event: K, listener: Listener<K>): void {
  listeners.set(event, [...(listeners.get(event) ?? []), listener as Listener<never>]);
}

export function emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
  for (const listener of listeners.get(event) ?? []) {
    try {
      (listener as Listener<K>)(payload);
    } catch (error) {
      log.error({ err: error, event }, `a listener of ${event} failed`);
    }
  }
}
