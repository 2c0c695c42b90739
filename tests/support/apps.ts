import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { imageVersions, type User } from "@/db/schema";
import { createApplication } from "@/lib/applications/service";
import type { Graph } from "@/lib/catalog/graph";
import { beginUpload } from "@/lib/images/service";
import { createSpec } from "@/lib/specs/service";

/** An application with a unique name in the seeded industry 智慧园区 / 园区安防. */
export function makeApp(user: User, name = `app-${randomUUID().slice(0, 8)}`) {
  return createApplication(user, { name, industry: "智慧园区", scenario: "园区安防", description: "" });
}

/** A general cloud spec, free unless a price is given. */
export function makeSpec(user: User, applicationId: string, name = "标准版", graph?: Graph) {
  return createSpec(user, applicationId, { type: "general", location: "cloud", name, description: "一台网关", allowTrial: false, graph });
}

/** A graph whose one workload uses `image` ("name:version"), exposed by an endpoint. */
export function workloadGraph(image: string): Graph {
  return {
    nodes: [
      { id: "web", type: "workload", name: "Web", position: { x: 10, y: 20 }, properties: { image, port: 8080, env: { MODE: "prod" } } },
      { id: "web-endpoint", type: "endpoint", properties: { port: 8080, public: true } },
    ],
    edges: [{ from: "web-endpoint", to: "web" }],
  };
}

/** A validated ("ready") image version of `user`, without a file (specs only reference it). */
/**
 * A ready version of the user's image `name`; with `stored`, it also has a stored file (a path
 * nothing reads), so a graph using it validates (lib/catalog/owner.ts) as one with an uploaded image does.
 */
export function makeImageVersion(user: User, name: string, version: string, options: { stored?: boolean } = {}) {
  const v = beginUpload(user, { fileName: `docker_${name}_${version}.tar`, size: 10, uploadId: randomUUID() });
  const filePath = options.stored ? `/nonexistent/${name}_${version}.tar` : undefined;
  getDb().update(imageVersions).set({ status: "ready", uploadId: null, filePath }).where(eq(imageVersions.id, v.id)).run();
  return v;
}
