const reserved = new Set<number>();

/**
 * A host port in [from, to] that this process has not handed out, starting at a random place so
 * that restarts and several servers rarely collide. Only the engine knows which ports of its host
 * are free (it may be another machine), so the caller publishes on the port and asks for another
 * when the engine answers that it is taken. Reserved until `release`.
 */
export function reservePort(from: number, to: number): number {
  const span = to - from + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = from + ((start + i) % span);
    if (reserved.has(port)) continue;
    reserved.add(port);
    return port;
  }
  throw new Error(`no free port between ${from} and ${to}`);
}

export function releasePort(port: number): void {
  reserved.delete(port);
}

/** The engine's answer when a published port is held by something else on its host. */
export const portTaken = (error: unknown) => /port is already allocated|address already in use/i.test(error instanceof Error ? error.message : String(error));
