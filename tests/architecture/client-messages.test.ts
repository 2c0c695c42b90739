import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";

// Pages send the browser only the message namespaces their client components use
// (components/shell/client-messages.tsx). A provider's messages replace the ones above it, so the
// declaration nearest to a page must hold every namespace the page's client components read, and
// nothing none of them reads. This test computes both from the imports.

const ROOT = process.cwd();
const EXTENSIONS = ["", ".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"];
/** The files Next renders by convention: each is where a provider can sit and what it must cover. */
const ENTRY = /^(page|layout|template|error|not-found|forbidden|unauthorized|loading)\.tsx$/;

function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  for (const ext of EXTENSIONS) if (fs.existsSync(base + ext) && fs.statSync(base + ext).isFile()) return base + ext;
  return null;
}

type Module = { client: boolean; actions: boolean; imports: string[]; namespaces: string[]; declared: string[] | null };
const modules = new Map<string, Module>();

export function readModule(file: string): Module {
  let mod = modules.get(file);
  if (mod) return mod;
  const source = fs.readFileSync(file, "utf8");
  const imports: string[] = [];
  // Type-only imports load nothing in the browser.
  for (const [, clause, specifier, dynamic] of source.matchAll(/(?:import|export)\s+(?!type\s)(?:([^"';]*?)\sfrom\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)) {
    if (clause && /^\{\s*type\s[^}]*\}$/.test(clause.trim()) && clause.split(",").every((name) => /^\s*\{?\s*(type\s|\}|$)/.test(name))) continue;
    const resolved = resolve(file, (specifier ?? dynamic)!);
    if (resolved) imports.push(resolved);
  }
  const namespaces = [...source.matchAll(/useTranslations\(\s*(?:["']([\w.]+)["'])?\s*\)/g)].map(([, ns]) => (ns ? ns.split(".")[0]! : "*"));
  if (/\buseMessages\(/.test(source)) namespaces.push("*");
  const declaration = /<ClientMessages\s+namespaces=\{\[([^\]]*)\]\}/.exec(source);
  const directive = (name: string) => new RegExp(`^(?:\\s|//[^\\n]*\\n|/\\*[\\s\\S]*?\\*/)*["']${name}["']`).test(source);
  mod = {
    client: directive("use client"),
    // A client module's import of server actions becomes a reference: their code stays on the server.
    actions: directive("use server"),
    imports,
    namespaces,
    declared: declaration ? [...declaration[1]!.matchAll(/["']([\w]+)["']/g)].map(([, ns]) => ns!) : null,
  };
  modules.set(file, mod);
  return mod;
}

/** The namespaces read by the client modules `file` brings into the browser. */
export function clientNamespaces(file: string, inClient = false, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  // A module met on the server side may be met again from a client module: visited once per side.
  if (seen.has(`${inClient}:${file}`)) return found;
  seen.add(`${inClient}:${file}`);
  const mod = readModule(file);
  if (inClient && mod.actions) return found;
  const client = inClient || mod.client;
  if (client) mod.namespaces.forEach((ns) => found.add(ns));
  for (const next of mod.imports) clientNamespaces(next, client, seen).forEach((ns) => found.add(ns));
  return found;
}

/** The modules `file` brings into the browser: its client modules and everything they import. */
export function clientModules(file: string, inClient = false, seen = new Set<string>(), found = new Set<string>()): Set<string> {
  if (seen.has(`${inClient}:${file}`)) return found;
  seen.add(`${inClient}:${file}`);
  const mod = readModule(file);
  if (inClient && mod.actions) return found;
  const client = inClient || mod.client;
  if (client) found.add(file);
  for (const next of mod.imports) clientModules(next, client, seen, found);
  return found;
}

function entries(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? entries(path.join(dir, e.name)) : ENTRY.test(e.name) ? [path.join(dir, e.name)] : []));
}

/** The file whose declaration applies to `entry`: its own, else the nearest layout above it. */
function provider(entry: string): string | null {
  if (readModule(entry).declared) return entry;
  for (let dir = path.dirname(entry); dir.startsWith(path.join(ROOT, "app")); dir = path.dirname(dir)) {
    const layout = path.join(dir, "layout.tsx");
    if (layout !== entry && fs.existsSync(layout) && readModule(layout).declared) return layout;
  }
  return null;
}

describe("client messages", () => {
  const all = entries(path.join(ROOT, "app"));
  const needs = new Map(all.map((entry) => [entry, clientNamespaces(entry)]));
  const rel = (file: string) => path.relative(ROOT, file);

  it("every client mod names its namespace (useTranslations(\"ns\"), no useMessages)", () => {
    expect([...needs].filter(([, ns]) => ns.has("*")).map(([entry]) => rel(entry))).toEqual([]);
  });

  it("each page and layout gets every namespace its client components read", () => {
    const missing = all.flatMap((entry) => {
      const from = provider(entry);
      const declared = new Set(from ? readModule(from).declared : []);
      const lacking = [...needs.get(entry)!].filter((ns) => !declared.has(ns));
      return lacking.length ? [`${rel(entry)} (from ${from ? rel(from) : "nowhere"}) lacks ${lacking.join(", ")}`] : [];
    });
    expect(missing).toEqual([]);
  });

  it("declares no namespace that none of its pages' client components read, and only existing ones", () => {
    const extra = all.flatMap((declaring) => {
      const declared = readModule(declaring).declared;
      if (!declared) return [];
      const served = new Set(all.filter((entry) => provider(entry) === declaring).flatMap((entry) => [...needs.get(entry)!]));
      const unused = declared.filter((ns) => !served.has(ns) || !(ns in en));
      return unused.length ? [`${rel(declaring)} declares ${unused.join(", ")}`] : [];
    });
    expect(extra).toEqual([]);
  });

  it("brings no database code into the browser (tables, column names, drizzle)", () => {
    const reached = new Set(all.flatMap((entry) => [...clientModules(entry)]));
    const server = [...reached].filter((file) => (rel(file).startsWith("db/") && rel(file) !== "db/enums.ts") || /^import\s+["']server-only["']/m.test(fs.readFileSync(file, "utf8")));
    const importers = (file: string) => [...reached].filter((from) => readModule(from).imports.includes(file)).map(rel);
    expect(server.sort().map((file) => `${rel(file)} ← ${importers(file).join(", ")}`)).toEqual([]);
  });

  it("finds a client component's namespace through a server component (the check itself)", () => {
    const dir = fs.mkdtempSync(path.join(ROOT, "tests/.client-messages-"));
    try {
      fs.writeFileSync(path.join(dir, "page.tsx"), `import { Leaf } from "./leaf";\nimport { Panel } from "./panel";\nimport type { X } from "./types";\nimport { type Y, type Z } from "./types";\n`);
      fs.writeFileSync(path.join(dir, "panel.tsx"), `import { Inner } from "./inner";\n`);
      fs.writeFileSync(path.join(dir, "inner.tsx"), `"use client";\nimport { Leaf } from "./leaf";\nconst t = useTranslations("devices.table");\n`);
      fs.writeFileSync(path.join(dir, "leaf.tsx"), `const t = useTranslations("errors");\n`);
      fs.writeFileSync(path.join(dir, "types.tsx"), `"use client";\nconst t = useTranslations("orders");\n`);
      expect([...clientNamespaces(path.join(dir, "page.tsx"))].sort()).toEqual(["devices", "errors"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
