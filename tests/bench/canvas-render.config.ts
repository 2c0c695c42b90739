import { defineConfig } from "@playwright/test";
import base from "../../playwright.config";

// The e2e set-up (production build, fresh DATA_DIR, Debian's Chromium) for the canvas render bench;
// the server still starts from the repository root, not from this config's folder.
const server = base.webServer as Exclude<typeof base.webServer, unknown[] | undefined>;
export default defineConfig({ ...base, testDir: ".", testMatch: "canvas-render.bench.ts", webServer: { ...server, cwd: process.cwd() } });
