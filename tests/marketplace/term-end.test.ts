import { describe, expect, it } from "vitest";
import { termEnd } from "@/lib/marketplace/orders";

const at = (iso: string) => new Date(iso);

describe("a term's end", () => {
  it("is a calendar month or year later, at the same time of day", () => {
    expect(termEnd(at("2026-03-15T08:30:00Z"), "monthly")).toEqual(at("2026-04-15T08:30:00Z"));
    expect(termEnd(at("2026-12-31T23:59:59Z"), "monthly")).toEqual(at("2027-01-31T23:59:59Z"));
    expect(termEnd(at("2026-03-15T08:30:00Z"), "yearly")).toEqual(at("2027-03-15T08:30:00Z"));
  });

  it("ends on the last day of a shorter month, never in the month after", () => {
    expect(termEnd(at("2027-01-31T10:00:00Z"), "monthly")).toEqual(at("2027-02-28T10:00:00Z"));
    expect(termEnd(at("2028-01-31T10:00:00Z"), "monthly")).toEqual(at("2028-02-29T10:00:00Z"));
    expect(termEnd(at("2027-01-29T10:00:00Z"), "monthly")).toEqual(at("2027-02-28T10:00:00Z"));
    expect(termEnd(at("2026-03-31T00:00:00Z"), "monthly")).toEqual(at("2026-04-30T00:00:00Z"));
    expect(termEnd(at("2026-08-31T12:00:00Z"), "monthly")).toEqual(at("2026-09-30T12:00:00Z"));
    expect(termEnd(at("2028-02-29T06:00:00Z"), "yearly")).toEqual(at("2029-02-28T06:00:00Z"));
  });
});
