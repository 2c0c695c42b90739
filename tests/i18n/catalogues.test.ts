import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import zh from "@/lib/i18n/messages/zh-CN.json";

function keys(messages: object, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("message catalogues", () => {
  it("have the same keys in zh-CN and English, none empty", () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    for (const catalogue of [en, zh]) {
      for (const key of keys(catalogue)) {
        const value = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], catalogue);
        expect(value, key).not.toBe("");
      }
    }
  });
});
