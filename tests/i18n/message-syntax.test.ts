import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import zh from "@/lib/i18n/messages/zh-CN.json";

function leaves(messages: object, prefix = ""): [string, string][] {
  return Object.entries(messages).flatMap(([k, v]) => (typeof v === "object" ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v as string]]));
}

// A malformed ICU message (an unescaped brace, a broken plural) only fails when a page renders it.
describe("message syntax", () => {
  it.each([
    ["en", en],
    ["zh-CN", zh],
  ])("every %s message parses as ICU", (locale, messages) => {
    for (const [key, message] of leaves(messages)) {
      expect(() => new IntlMessageFormat(message, locale, undefined, { ignoreTag: false }), key).not.toThrow();
    }
  });
});
