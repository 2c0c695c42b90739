const UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

/** 1536 → { value: 1.5, unit: "kilobyte" }, in powers of 1024, for Intl's unit formatting. */
export function scaleBytes(bytes: number): { value: number; unit: (typeof UNITS)[number] } {
  let value = Math.max(0, bytes);
  let i = 0;
  while (value >= 1024 && i < UNITS.length - 1) {
    value /= 1024;
    i++;
  }
  return { value, unit: UNITS[i] };
}

/** A byte count in the reader's language, e.g. "1.5 MB" / "1.5 MB" / "1.5兆字节" as Intl writes it. */
export function formatBytes(bytes: number, locale: string): string {
  const { value, unit } = scaleBytes(bytes);
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
}
