import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Input } from "@/components/ui/input";

/** The texts the input names in aria-describedby, in its order, as assistive technology reads them. */
function described(props: Partial<Parameters<typeof Input>[0]>) {
  const html = renderToStaticMarkup(createElement(Input, { id: "f", label: "Name", ...props }));
  const ids = html.match(/<input[^>]*aria-describedby="([^"]*)"/)?.[1].split(" ") ?? [];
  return { html, texts: ids.map((id) => html.match(new RegExp(`<p id="${id}"[^>]*>([^<]*)</p>`))?.[1]) };
}

describe("a form field's hint and error", () => {
  it("keeps the hint beside an error, and describes the control by both, the error first", () => {
    const { html, texts } = described({ hint: "At most 64 characters.", errors: ["Too long."] });
    expect(html).toContain('aria-invalid="true"');
    expect(texts).toEqual(["Too long.", "At most 64 characters."]);
  });

  it("is described by its hint alone while valid, by its error alone without a hint, and by nothing without either", () => {
    expect(described({ hint: "At most 64 characters." }).texts).toEqual(["At most 64 characters."]);
    expect(described({ errors: ["Required."] }).texts).toEqual(["Required."]);
    expect(described({}).html).not.toContain("aria-describedby");
  });
});
