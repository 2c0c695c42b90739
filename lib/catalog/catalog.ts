import { z } from "zod";
import { RESOURCE_TYPES, type ResourceType } from "./graph";
import { PROPERTY_SCHEMAS } from "./properties";

/** One line of the bill of materials ("应用消耗资源确认"): names are message keys of `catalog`. */
export type BomLine = { nodeId: string; type: ResourceType; name: string; spec: string; quantity: number; billing: "onDemand" | "included" };

export type CatalogEntry = {
  type: ResourceType;
  /** A glyph for API clients (GET /api/v1/catalog); the canvas draws SVG icons. Labels are `dependencies.types.<type>` (zh-CN and en). */
  icon: string;
  properties: (typeof PROPERTY_SCHEMAS)[ResourceType];
  /** The types a node of this type may depend on (edge from this node to one of those). */
  dependsOn: readonly ResourceType[];
  /** Output names the deployment reports (keys of `deployments.outputNames`). */
  outputs: readonly string[];
  /** Its bill-of-materials line from parsed properties; null when it costs nothing on its own. */
  bom: (properties: Record<string, unknown>) => { spec: string; quantity: number; billing?: BomLine["billing"] } | null;
};

const num = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) ? v : fallback);

export const CATALOG: Record<ResourceType, CatalogEntry> = {
  workload: {
    type: "workload",
    icon: "▣",
    properties: PROPERTY_SCHEMAS.workload,
    dependsOn: ["workload", "endpoint", "volume", "network", "credentials"],
    outputs: [],
    bom: (p) => ({ spec: `${num(p.cpu, 0.5)} vCPU / ${num(p.memory, 256)} MiB`, quantity: num(p.replicas, 1) }),
  },
  endpoint: {
    type: "endpoint",
    icon: "⇄",
    properties: PROPERTY_SCHEMAS.endpoint,
    dependsOn: ["workload"],
    outputs: ["accessUrl"],
    bom: (p) => ({ spec: p.public === false ? "private" : "public", quantity: 1 }),
  },
  volume: {
    type: "volume",
    icon: "⛁",
    properties: PROPERTY_SCHEMAS.volume,
    dependsOn: [],
    outputs: [],
    bom: (p) => ({ spec: `${num(p.sizeMiB, 1024)} MiB`, quantity: 1 }),
  },
  network: { type: "network", icon: "⬡", properties: PROPERTY_SCHEMAS.network, dependsOn: [], outputs: [], bom: () => null },
  credentials: {
    type: "credentials",
    icon: "⚿",
    properties: PROPERTY_SCHEMAS.credentials,
    dependsOn: [],
    outputs: ["username", "password"],
    // Costs nothing, but the buyer should see that the install makes an account for them.
    bom: () => ({ spec: "generated", quantity: 1, billing: "included" }),
  },
};

export const CATALOG_ENTRIES = RESOURCE_TYPES.map((t) => CATALOG[t]);

export function canDependOn(from: string, to: string): boolean {
  const entry = CATALOG[from as ResourceType];
  return Boolean(entry && entry.dependsOn.includes(to as ResourceType));
}

/** The JSON Schema (draft 2020-12) of a type's properties, as the form sends them (input side). */
export function propertiesJsonSchema(type: ResourceType) {
  return z.toJSONSchema(CATALOG[type].properties, { io: "input", unrepresentable: "any" });
}

/** What the platform installs for a graph: one line per billable node. */
export function billOfMaterials(graph: { nodes: { id: string; type: string; name?: string; properties?: Record<string, unknown> }[] }): BomLine[] {
  const lines: BomLine[] = [];
  for (const node of graph.nodes) {
    const entry = CATALOG[node.type as ResourceType];
    if (!entry) continue;
    const parsed = entry.properties.safeParse(node.properties ?? {});
    const line = entry.bom(parsed.success ? (parsed.data as Record<string, unknown>) : (node.properties ?? {}));
    if (line) lines.push({ nodeId: node.id, type: entry.type, name: node.name || node.id, billing: "onDemand", ...line });
  }
  return lines;
}
