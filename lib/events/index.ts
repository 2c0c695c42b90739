/**
 * What one domain announces and another reacts to, so that domains depend downwards only: the
 * lower domain emits a fact after its write has committed, and the domains above it subscribe at
 * start-up (lib/wiring.ts), never the other way round. Listeners run synchronously, in the order
 * they subscribed; one that throws is logged and does not stop the others or the emitter, whose
 * write is already done.
 */
export type DomainEvents = {
  /** A deployment's status changed (after the row was written). */
  "deployment.status": { deploymentId: string; purpose: string; status: string };
  /** Listings were published or withdrawn, or their material changed. */
  "listings.changed": Record<string, never>;
  /** The industries and scenarios applications choose from changed. */
  "industries.changed": Record<string, never>;
  /** Devices were deleted or their secrets reset: their open sessions must end. */
  "devices.revoked": { deviceIds: string[] };
};

type Listener<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => void;

const listeners = new Map<keyof DomainEvents, Listener<never>[]>();

export function on<K extends keyof DomainEvents>(event: K, listener: Listener<K>): void {
  listeners.set(event, [...(listeners.get(event) ?? []), listener as Listener<never>]);
}

export function emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
  for (const listener of listeners.get(event) ?? []) {
    try {
      (listener as Listener<K>)(payload);
    } catch (error) {
      console.error(`[events] a listener of ${event} failed:`, error);
    }
  }
}

/** Forgets every listener (tests that wire the domains again). */
export function clearListeners(): void {
  listeners.clear();
}
