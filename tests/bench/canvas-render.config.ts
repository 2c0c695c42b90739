import { defineConfig } from "@playwright/test";
import base from "../../playwright.config";

// The e2e set-up (production build, fresh DATA_DIR, Debian's Chromium) for the canvas render bench.
export default defineConfig({ ...base, testDir: ".", testMatch: "canvas-render.bench.ts" });
