import { expect, test } from "./helpers";

// Issue 17: /metrics on the production server. The request histogram is fed by lib/cli/server.mjs,
// the queue gauges are registered by instrumentation.ts and the answer comes from a route handler:
// three places that must share one metrics registry, and route templates from the real build.
const TOKEN = "e2e-metrics-token";
const scrape = (request: import("@playwright/test").APIRequestContext) => request.get("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
const sample = (text: string, prefix: string) => text.split("\n").find((line) => line.startsWith(prefix));

test("/metrics wants the bearer token, and counts requests by route template", async ({ request }) => {
  const refused = await request.get("/metrics", { headers: { Authorization: "Bearer wrong" } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-security-policy"]).toContain("default-src 'none'");

  const id = crypto.randomUUID();
  expect((await request.get(`/api/v1/deployments/${id}?token=do-not-log`, { headers: { "X-Auth-Token": "sc_bogus" } })).status()).toBe(401);
  expect((await request.get("/v2/")).status()).toBe(401);

  const res = await scrape(request);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  expect(sample(text, 'stagecraft_http_request_duration_seconds_count{method="GET",route="/api/v1/deployments/[deploymentId]",status="401"}')).toBeTruthy();
  expect(sample(text, 'stagecraft_http_request_duration_seconds_count{method="GET",route="/v2/",status="401"}')).toBeTruthy();
  expect(sample(text, 'stagecraft_http_request_duration_seconds_count{method="GET",route="/metrics",status="401"}')).toBeTruthy();
  expect(text).not.toContain(id);
  // stagecraft_jobs and the other database gauges are registered by instrumentation.ts (wireDomains).
  for (const name of ["stagecraft_jobs", "stagecraft_deployments", "stagecraft_devices_online", "stagecraft_mqtt_connections", "stagecraft_mqtt_messages_total", "stagecraft_uploads_bytes_total", "process_resident_memory_bytes"]) {
    expect(text).toContain(`# TYPE ${name} `);
  }
});
