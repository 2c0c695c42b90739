// Runs before every test file: a fresh DATA_DIR with a freshly migrated SQLite database, and the
// Next.js modules that only work inside a request replaced by small stand-ins.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, vi } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-test-"));
process.env.DATA_DIR = dir;
// Jobs, MQTT sessions and failed logins log as they happen; a test that reads the log makes its own logger.
process.env.LOG_LEVEL ??= "silent";
delete process.env.AUTH_SECRET;

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
vi.mock("next/navigation", () => ({
  redirect: vi.fn((url: string) => {
    throw Object.assign(new Error(`NEXT_REDIRECT ${url}`), { digest: `NEXT_REDIRECT;${url}` });
  }),
  forbidden: vi.fn(() => {
    throw Object.assign(new Error("NEXT_FORBIDDEN"), { digest: "NEXT_HTTP_ERROR_FALLBACK;403" });
  }),
  notFound: vi.fn(() => {
    throw Object.assign(new Error("NEXT_NOT_FOUND"), { digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
  }),
}));
// Server code translates as a request in the default language (zh-CN) would, with the real messages.
vi.mock("next-intl/server", async () => {
  const { IntlMessageFormat } = await import("intl-messageformat");
  const messages: Record<string, Record<string, string>> = (await import("@/lib/i18n/messages/zh-CN.json")).default as never;
  return {
    getTranslations: async (namespace: string) => (key: string, values?: Record<string, string | number>) =>
      String(new IntlMessageFormat(messages[namespace]![key]!, "zh-CN").format(values)),
  };
});

const { migrateDb } = await import("@/db/migrate");
migrateDb();

// The domains are connected as the server connects them (job handlers, events). In a hook, not at
// import: the test file's own vi.mock calls must be in place before the domains are loaded.
beforeAll(async () => (await import("@/lib/wiring")).wireDomains());

afterAll(async () => {
  const { closeDb } = await import("@/db");
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});
