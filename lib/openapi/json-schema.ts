import { z } from "zod";

// Schema objects of the OpenAPI document (3.1: JSON Schema 2020-12) generated from the zod schemas
// the route handlers parse with, so the document says what the routes accept.

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  // Refinements and transforms have no JSON Schema; what they check is left to the description.
  const generated: Record<string, unknown> = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  delete generated.$schema; // the document's dialect already says it
  return generated;
}

/** What a client may send: the schema's input side (before defaults and transforms). */
export const requestSchema = (schema: z.ZodType) => jsonSchema(schema, "input");

/** What a route answers: the schema's output side. */
export const responseSchema = (schema: z.ZodType) => jsonSchema(schema, "output");

/** A required JSON request body. */
export const jsonBody = (schema: z.ZodType, description?: string) => ({
  requestBody: { required: true, ...(description ? { description } : {}), content: { "application/json": { schema: requestSchema(schema) } } },
});
