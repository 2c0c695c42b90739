import { describe, expect, it } from "vitest";
import { termEnd } from "@/lib/marketplace/orders";

const at = (iso: string) => new Date(iso);

describe("termEnd", () => {
  it("ends a calendar month or year later, on the last day of a shorter month instead of overflowing", () => {
    expect(termEnd(at("2025-01-31T10:20:30.400Z"), "monthly")).toEqual(at("2025-02-28T10:20:30.400Z"));
    expect(termEnd(at("2024-01-31T10:20:30.400Z"), "monthly")).toEqual(at("2024-02-29T10:20:30.400Z"));
    expect(termEnd(at("2024-02-29T08:00:00.000Z"), "yearly")).toEqual(at("2025-02-28T08:00:00.000Z"));
    expect(termEnd(at("2025-03-31T00:00:00.000Z"), "monthly")).toEqual(at("2025-04-30T00:00:00.000Z"));
    expect(termEnd(at("2025-12-31T23:59:59.999Z"), "monthly")).toEqual(at("2026-01-31T23:59:59.999Z"));
    expect(termEnd(at("2025-01-15T12:00:00.000Z"), "monthly")).toEqual(at("2025-02-15T12:00:00.000Z"));
    expect(termEnd(at("2025-06-30T12:00:00.000Z"), "yearly")).toEqual(at("2026-06-30T12:00:00.000Z"));
  });
});
