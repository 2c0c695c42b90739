import { defineConfig } from "@playwright/test";

// tests/e2e/run.ts (npm run test:e2e) picks a free port and a fresh DATA_DIR and passes them here.
const port = Number(process.env.E2E_PORT || 3210);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "*.spec.ts",
  // One worker: the server under test shares this machine's two cores.
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "zh-CN",
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here. Playwright gives each launch
      // a fresh, empty profile directory.
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // The production build, started the way a self-hoster starts it.
    command: "npm start",
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      // The device broker too gets a free port from run.ts; 1883 may be taken on this machine.
      MQTT_PORT: process.env.MQTT_PORT ?? "0",
      DATA_DIR: process.env.DATA_DIR ?? "",
      SEED_DEMO: "false",
      OPERATOR_EMAIL: "operator@e2e.local",
      OPERATOR_PASSWORD: "operator-e2e-password",
      // tests/e2e/observability.spec.ts scrapes /metrics with it.
      METRICS_TOKEN: "e2e-metrics-token",
    },
  },
});
