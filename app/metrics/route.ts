import { metricsResponse } from "@/lib/metrics/endpoint";

// Prometheus scrapes this (README: METRICS_TOKEN); outside proxy.ts's matcher, like /api.
export const dynamic = "force-dynamic";

export const GET = (request: Request) => metricsResponse(request);
