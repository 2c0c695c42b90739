import net from "node:net";

const reserved = new Set<number>();

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "0.0.0.0", () => probe.close(() => resolve(true)));
  });
}

/**
 * A host port in [from, to] that nothing listens on and this process has not handed out, for a
 * container on the host network. Reserved until `release`.
 */
export async function allocatePort(from: number, to: number): Promise<number> {
  const span = to - from + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = from + ((start + i) % span);
    if (reserved.has(port)) continue;
    reserved.add(port);
    if (await isFree(port)) return port;
    reserved.delete(port);
  }
  throw new Error(`no free port between ${from} and ${to}`);
}

export function releasePort(port: number): void {
  reserved.delete(port);
}
