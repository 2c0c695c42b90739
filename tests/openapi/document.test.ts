import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";

const root = path.resolve(import.meta.dirname, "../..");
const PARAM_NAMES: Record<string, string> = { projectId: "project_id", deviceId: "device_id", taskId: "task_id" };

/** Route handler files of the REST API. */
function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    // Auth.js's endpoints and the tus upload protocol (/api/uploads, see README) are not REST routes.
    if (entry.isDirectory()) return entry.name === "auth" || entry.name === "uploads" ? [] : routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}
const toApiPath = (file: string) =>
  "/" +
  path
    .relative(path.join(root, "app"), path.dirname(file))
    .split(path.sep)
    .map((segment) => segment.replace(/^\[(.+)\]$/, (_, name: string) => `{${PARAM_NAMES[name] ?? name}}`))
    .join("/");

describe("GET /api/v1/openapi.json", () => {
  it("describes every /api and /v5 route handler, method by method, and nothing else", async () => {
    const doc = await GET().json();
    expect(doc.openapi).toBe("3.1.0");
    const files = [...routeFiles(path.join(root, "app/api")), ...routeFiles(path.join(root, "app/v5"))];
    const implemented: string[] = [];
    for (const file of files) {
      const mod = await import(file);
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        if (typeof mod[method] === "function") implemented.push(`${method.toLowerCase()} ${toApiPath(file)}`);
      }
    }
    const described = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(described.sort()).toEqual(implemented.sort());
    expect(implemented).toContain("post /v5/iot/{project_id}/batchtask-files");
  });

  it("documents the 429 past a key's rate limit, with its headers, on every operation a key calls and only there", async () => {
    const doc = await GET().json();
    const keyed: string[] = [];
    for (const [p, operations] of Object.entries(doc.paths as Record<string, Record<string, { security?: unknown[]; responses: Record<string, { headers?: object; content?: object }> }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const tooMany = operation.responses["429"];
        if (!operation.security) {
          expect(tooMany, `${method} ${p}`).toBeUndefined();
          continue;
        }
        keyed.push(`${method} ${p}`);
        expect(Object.keys(tooMany?.headers ?? {}).sort(), `${method} ${p}`).toEqual(["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]);
        expect(tooMany.content, `${method} ${p}`).toEqual({ "application/json": { schema: { $ref: p.startsWith("/v5") ? "#/components/schemas/Error" : "#/components/schemas/ApiError" } } });
      }
    }
    expect(keyed).toEqual(expect.arrayContaining(["get /api/v1/me", "get /v5/iot/{project_id}/devices", "post /api/v1/applications"]));
  });

  it("has a schema behind every $ref, and none of the generator's own dialect markers", async () => {
    const doc = await GET().json();
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== "object" || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref") refs.push(value as string);
        expect(key).not.toBe("$schema"); // OpenAPI 3.1 sets the dialect for the whole document
        walk(value);
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      const target = ref.replace(/^#\//, "").split("/").reduce((n, part) => n?.[part], doc);
      expect(target, ref).toMatchObject({ type: "object" });
    }
  });
});
