import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Domains depend downwards only (docs/architecture.md): a file in lib/<domain>/ may import another
// domain, "@/lib/<other>", only if <other> never imports it back, directly or through others.
// Upward effects go through lib/events and lib/wiring.ts, which are no domain.

/** domain → the domains its files import, and which file imports which. */
function domainImports(root: string) {
  const edges = new Map<string, Map<string, string>>();
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(root).filter((f) => /\.(ts|tsx|mjs)$/.test(f))) {
    const domain = path.relative(root, file).split(path.sep)[0]!;
    if (domain === path.basename(file)) continue; // lib/*.ts: shared modules, no domain
    for (const [, other] of fs.readFileSync(file, "utf8").matchAll(/from\s+["']@\/lib\/([\w-]+)/g)) {
      if (other !== domain && !edges.get(domain)?.has(other!)) (edges.get(domain) ?? edges.set(domain, new Map()).get(domain)!).set(other!, path.relative(".", file));
    }
  }
  return edges;
}

/** The strongly connected groups of more than one domain (Tarjan), each as "a → b (file)" lines. */
function cycles(edges: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      for (let w = ""; w !== v; ) group.push((w = stack.pop()!));
      if (group.length > 1) {
        found.push([...edges].flatMap(([from, to]) => (group.includes(from) ? [...to].filter(([d]) => group.includes(d)).map(([d, f]) => `${from} → ${d} (${f})`) : [])));
      }
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("lib/ domains", () => {
  it("import each other in one direction only", () => {
    expect(cycles(domainImports("lib"))).toEqual([]);
  });

  it("finds a cycle when there is one (the check itself)", () => {
    const edges = new Map([
      ["a", new Map([["b", "lib/a/x.ts"]])],
      ["b", new Map([["c", "lib/b/y.ts"]])],
      ["c", new Map([["a", "lib/c/z.ts"]])],
      ["d", new Map([["a", "lib/d/w.ts"]])],
    ]);
    expect(cycles(edges)).toEqual([["a → b (lib/a/x.ts)", "b → c (lib/b/y.ts)", "c → a (lib/c/z.ts)"]]);
  });
});
