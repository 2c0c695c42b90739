// Validates JSON against the OpenAPI document's schemas with Ajv (JSON Schema 2020-12, as OpenAPI
// 3.1 uses it), so tests can ask "does the document accept this body?". Strict mode: a keyword Ajv
// does not know throws instead of being ignored, so no body passes because a rule was not understood.
import Ajv2020 from "ajv/dist/2020.js";

type Schema = Record<string, unknown>;

const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
// The document's reusable schemas travel with each compiled schema, so "#/components/…" resolves.
ajv.addKeyword({ keyword: "components" });

const compiled = new WeakMap<Schema, ReturnType<typeof ajv.compile>>();

/** The problems of `value` under `schema` ($refs resolved in `root`'s components); empty when it is valid. */
export function validateJson(schema: Schema, value: unknown, root: Schema = schema): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: root.components ?? {} });
    compiled.set(schema, validate);
  }
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `$${e.instancePath}: ${e.message}`);
}
