import { z } from "zod";

// Zod fields for what HTML forms send, shared by the domains' form schemas.

/** A checkbox is "on" when ticked and absent otherwise; JSON bodies send booleans. */
export const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/** A file input; an empty one still sends a nameless 0-byte part, which counts as "not chosen". */
export const upload = z.preprocess(
  (v) => (v instanceof File && (v.size > 0 || v.name) ? v : undefined),
  z.instanceof(File).optional(),
);
