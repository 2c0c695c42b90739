import { describe, expect, it } from "vitest";
import { formatBytes, scaleBytes } from "@/components/ui/bytes";

describe("byte sizes", () => {
  it("never shows four digits before the unit: 1,029,325 bytes is 0.98 MB, beside 1.94 MB", () => {
    expect(formatBytes(1_029_325, "en")).toBe("0.98 MB");
    expect(formatBytes(2_034_000, "en")).toBe("1.94 MB");
    for (const bytes of [0, 999, 1000, 1023, 1024, 999_999, 1_023_999, 5e9, 7e12]) {
      const { value } = scaleBytes(bytes);
      expect(value, String(bytes)).toBeLessThan(1000);
    }
  });

  it("writes the reader's language with the same precision", () => {
    expect(formatBytes(512, "en")).toBe("512 B");
    expect(formatBytes(512, "zh-CN")).toBe("512 B");
    expect(formatBytes(1536, "en")).toBe("1.5 kB");
    expect(formatBytes(1_029_325, "zh-CN")).toBe(new Intl.NumberFormat("zh-CN", { style: "unit", unit: "megabyte", unitDisplay: "short" }).format(0.98));
    expect(formatBytes(1_005_000_000, "en")).toBe("958 MB");
    expect(formatBytes(1_050_000_000, "en")).toBe("0.98 GB");
  });
});
