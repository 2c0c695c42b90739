import { describe, expect, it } from "vitest";
import { homeFor, safeCallbackUrl } from "@/lib/auth/redirects";

describe("redirects", () => {
  it("follows only same-site paths after login", () => {
    expect(safeCallbackUrl("/console/images?x=1")).toBe("/console/images?x=1");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, 3]) {
      expect(safeCallbackUrl(bad)).toBeNull();
    }
  });

  it("lands each role in its own workspace", () => {
    expect(homeFor(["isv"])).toBe("/console/images");
    expect(homeFor(["buyer"])).toBe("/market");
    expect(homeFor(["operator"])).toBe("/admin/reviews");
  });
});
