// The Prometheus metrics that code pushes to as things happen. prom-client is loaded from
// node_modules by every bundle (serverExternalPackages), so its default registry is one per
// process; each metric is created once, by whichever copy of this module comes first.
// Plain JavaScript so that lib/cli/server.mjs can import it.
import client from "prom-client";

export const registry = client.register;

/**
 * The metric registered under `name`, created by `make` if none is.
 * @template {import("prom-client").Metric} T
 * @param {string} name
 * @param {() => T} make
 * @returns {T}
 */
export function singleMetric(name, make) {
  return /** @type {T | undefined} */ (registry.getSingleMetric(name)) ?? make();
}

export const httpRequestDuration = singleMetric(
  "stagecraft_http_request_duration_seconds",
  () =>
    new client.Histogram({
      name: "stagecraft_http_request_duration_seconds",
      help: "HTTP requests by method, route template and status, until the answer was sent",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
    }),
);

export const mqttMessages = singleMetric(
  "stagecraft_mqtt_messages_total",
  () => new client.Counter({ name: "stagecraft_mqtt_messages_total", help: "Messages devices published through the MQTT broker (accepted and stored)" }),
);

export const mqttConnections = singleMetric(
  "stagecraft_mqtt_connections",
  () => new client.Gauge({ name: "stagecraft_mqtt_connections", help: "Authenticated MQTT clients connected now" }),
);

export const uploadBytes = singleMetric(
  "stagecraft_uploads_bytes_total",
  () => new client.Counter({ name: "stagecraft_uploads_bytes_total", help: "Bytes received by tus image uploads (written to DATA_DIR/uploads)" }),
);

// CPU, memory, event loop lag, handles, GC: prom-client's process metrics, once.
if (!registry.getSingleMetric("process_cpu_user_seconds_total")) client.collectDefaultMetrics({ register: registry });
