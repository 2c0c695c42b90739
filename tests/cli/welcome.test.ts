import { describe, expect, it } from "vitest";
import { buildWarnings } from "@/lib/cli/build-output.mjs";
import { welcomeBlock } from "@/lib/cli/welcome.mjs";

const accounts = [
  { role: "operator", email: "operator@stagecraft.local", password: "op-Secret-1" },
  { role: "isv", email: "isv@demo.local", password: "isv-Secret-2" },
  { role: "buyer", email: "buyer@demo.local", password: "buyer-Secret-3" },
];

describe("the first start's welcome", () => {
  it("names the URL, every account with its password on one line, and what to do next", () => {
    const block = welcomeBlock({ url: "http://iot.example:3000", mqttPort: 1883, accounts, sandboxReason: null });
    const lines = block.split("\n");
    expect(lines[0]).toMatch(/^=+$/);
    expect(lines.at(-1)).toBe(lines[0]);
    expect(block).toContain("Stagecraft is running at http://iot.example:3000");
    for (const a of accounts) expect(lines.some((l) => l.includes(a.email) && l.includes(`password: ${a.password}`))).toBe(true);
    expect(block).toContain("http://iot.example:3000/login");
    expect(block).toContain("port 1883");
    expect(block).not.toContain("SIMULATED");
  });

  it("says plainly when deployments are simulated, and never shows a password set in OPERATOR_PASSWORD", () => {
    const block = welcomeBlock({
      url: "http://localhost:3000",
      mqttPort: null,
      accounts: [{ role: "operator", email: "root@example.com", password: null }],
      sandboxReason: "the Docker Engine at /var/run/docker.sock does not answer: ENOENT",
    });
    expect(block).toContain("Deployments are SIMULATED: the Docker Engine at /var/run/docker.sock does not answer: ENOENT.");
    expect(block).toContain("OPERATOR_PASSWORD");
    expect(block.split("\n").find((l) => l.includes("root@example.com"))).not.toMatch(/password:/);
    expect(block).toContain("MQTT listener did not start");
  });
});

describe("next build's output", () => {
  it("keeps the warning paragraphs and nothing else", () => {
    const output = [
      "▲ Next.js 16.4.6 (Turbopack)",
      "✓ Compiled successfully in 58s",
      "",
      "\u001b[33mTurbopack build encountered 1 warning:\u001b[39m",
      "./lib/deploy",
      "Warning: Package @kubernetes/client-node can't be external",
      "",
      "Route (app)",
      "┌ ƒ /",
    ].join("\n");
    expect(buildWarnings(output)).toBe("Turbopack build encountered 1 warning:\n./lib/deploy\nWarning: Package @kubernetes/client-node can't be external");
    expect(buildWarnings("✓ Compiled successfully\n\nRoute (app)\n┌ ƒ /")).toBe("");
  });

  it("does not count Next's advice to CI machines to keep a build cache, which a clean clone never has", () => {
    const output = [
      "▲ Next.js 16.4.6 (Turbopack)",
      "✓ Running next.config.mjs took 75ms",
      "\u001b[33m⚠\u001b[39m No build cache found. Please configure build caching for faster rebuilds. Read more: https://nextjs.org/docs/messages/no-cache",
      "- Experiments (use with caution):",
      "  ✓ authInterrupts",
      "",
      "✓ Compiled successfully in 58s",
    ].join("\n");
    expect(buildWarnings(output)).toBe("");
    expect(buildWarnings(`${output}\n\n⚠ Unsupported metadata themeColor`)).toBe("⚠ Unsupported metadata themeColor");
  });
});
