const UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

/**
 * 1536 → { value: 1.5, unit: "kilobyte" }, in powers of 1024, for Intl's unit formatting. A value
 * of 1000 or more moves to the next unit (1,029,325 bytes is 0.98 MB, not "1,005.2 kB"), so every
 * size has at most three digits before its unit and sizes side by side read alike.
 */
export function scaleBytes(bytes: number): { value: number; unit: (typeof UNITS)[number] } {
  let value = Math.max(0, bytes);
  let i = 0;
  while (value >= 1000 && i < UNITS.length - 1) {
    value /= 1024;
    i++;
  }
  return { value, unit: UNITS[i] };
}

// Making an Intl.NumberFormat costs about 150 µs; a list of images formats a size per row. A few
// dozen at most (locales × units × two precisions), kept for the process's life.
const formats = new Map<string, Intl.NumberFormat>();

/**
 * A byte count in the reader's language with three significant digits: "329 B", "982 kB",
 * "0.98 MB", "1.9 GB". Bytes are "B" in every language (English's short unit is "329 byte").
 */
export function formatBytes(bytes: number, locale: string): string {
  const { value, unit } = scaleBytes(bytes);
  const significant = value < 1 ? 2 : 3;
  const key = `${locale} ${unit} ${significant}`;
  let format = formats.get(key);
  if (!format) {
    format =
      unit === "byte"
        ? new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
        : new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumSignificantDigits: significant });
    formats.set(key, format);
  }
  return unit === "byte" ? `${format.format(value)} B` : format.format(value);
}
