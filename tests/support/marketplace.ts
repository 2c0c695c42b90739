import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { listings, specs as specRows, submissions, type ListedSpec, type User } from "@/db/schema";
import type { Graph } from "@/lib/catalog/graph";
import { makeApp } from "./apps";

/** The graph of the hello-iot fixture behind credentials: what a buyer opens with an account. */
export function helloGraph(image = "hello-iot:v1.0"): Graph {
  return {
    nodes: [
      { id: "creds", type: "credentials", properties: { username: "demo" } },
      { id: "web", type: "workload", properties: { image, port: 8080 } },
      { id: "web-endpoint", type: "endpoint", properties: { port: 8080, public: true } },
    ],
    edges: [
      { from: "web", to: "creds" },
      { from: "web-endpoint", to: "web" },
    ],
  };
}

/** A listed spec as approval copies it; free and trial-enabled unless told otherwise. */
export function listedSpec(over: Partial<ListedSpec> = {}): ListedSpec {
  return {
    id: randomUUID(),
    name: "标准版",
    type: "general",
    location: "cloud",
    description: "一台网关",
    allowTrial: true,
    priceMonthly: null,
    priceYearly: null,
    currency: null,
    graph: helloGraph(),
    ...over,
  };
}

/**
 * A published listing of one of the ISV's applications with these specs, written as approval
 * writes it (the review flow itself is tested in tests/reviews).
 */
export function makeListing(isv: User, specs: ListedSpec[] = [listedSpec()], name = "智慧停车") {
  const app = makeApp(isv);
  for (const s of specs) {
    const { id, name, type, location, description, allowTrial, priceMonthly, priceYearly, currency, graph } = s;
    getDb().insert(specRows).values({ id, applicationId: app.id, name, type, location, description, allowTrial, priceMonthly, priceYearly, currency, graph, status: "listed" }).run();
  }
  return getDb()
    .insert(listings)
    .values({
      id: randomUUID(),
      applicationId: app.id,
      submissionId: insertSubmission(app.id, isv.id),
      ownerId: isv.id,
      name,
      summary: "车位引导",
      description: "",
      industry: app.industry,
      scenario: app.scenario,
      logoId: "logo",
      showcaseId: "showcase",
      introIds: ["intro"],
      specs,
      hasTrial: specs.some((s) => s.allowTrial),
      experienceSpecIds: specs.filter((s) => s.type === "experience").map((s) => s.id),
    })
    .returning()
    .get();
}

function insertSubmission(applicationId: string, userId: string): string {
  const id = randomUUID();
  getDb()
    .insert(submissions)
    .values({ id, applicationId, submittedBy: userId, status: "approved", material: { name: "x", summary: "x", logoId: "logo", showcaseId: "showcase", introIds: ["intro"] }, specIds: [] })
    .run();
  return id;
}
