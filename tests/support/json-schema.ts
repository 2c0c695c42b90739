// A small JSON Schema (2020-12) validator for the keywords the OpenAPI document uses, so that tests
// can ask "does the document accept this body?" without a validator among the dependencies. An
// unknown keyword throws: the validator never passes a body because it did not understand a rule.

type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(["description", "default", "format", "readOnly", "title", "examples"]);
const KEYWORDS = new Set([
  "$ref", "type", "const", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "minItems", "maxItems", "items", "required", "properties", "additionalProperties", "propertyNames", "anyOf", "oneOf", "allOf",
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  number: (v) => typeof v === "number" && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === "boolean",
  null: (v) => v === null,
  object: isObject,
  array: Array.isArray,
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The problems of `value` under `schema` ($refs resolved in `root`); empty when it is valid. */
export function validateJson(schema: Schema, value: unknown, root: Schema = schema, at = "$"): string[] {
  for (const key of Object.keys(schema)) {
    if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) throw new Error(`unsupported JSON Schema keyword "${key}" at ${at}`);
  }
  if (typeof schema.$ref === "string") {
    const target = schema.$ref.replace(/^#\//, "").split("/").reduce<unknown>((node, part) => (node as Schema)?.[part], root);
    if (!isObject(target)) throw new Error(`unresolved $ref ${schema.$ref}`);
    return validateJson(target, value, root, at);
  }
  if (schema.type !== undefined) {
    const types = ([] as string[]).concat(schema.type as string);
    if (!types.some((t) => TYPES[t]!(value))) return [`${at}: not ${types.join(" or ")}`];
  }
  const problems: string[] = [];
  const fail = (why: string) => problems.push(`${at}: ${why}`);
  if ("const" in schema && !same(schema.const, value)) fail(`not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => same(e, value))) fail(`not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof schema.minLength === "number" && length < schema.minLength) fail(`shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === "number" && length > schema.maxLength) fail(`longer than ${schema.maxLength}`);
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) fail(`does not match ${schema.pattern}`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) fail(`above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) fail(`not below ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
    if (isObject(schema.items)) value.forEach((item, i) => problems.push(...validateJson(schema.items as Schema, item, root, `${at}[${i}]`)));
  }
  if (isObject(value)) {
    for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in value)) fail(`${name} is required`);
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [name, item] of Object.entries(value)) {
      if (properties[name]) problems.push(...validateJson(properties[name], item, root, `${at}.${name}`));
      else if (schema.additionalProperties === false) fail(`${name} is not allowed`);
      else if (isObject(schema.additionalProperties)) problems.push(...validateJson(schema.additionalProperties, item, root, `${at}.${name}`));
      if (isObject(schema.propertyNames)) problems.push(...validateJson(schema.propertyNames, name, root, `${at}.${name} (name)`));
    }
  }
  const branches = (key: string) => ((schema[key] as Schema[] | undefined) ?? []).map((s) => validateJson(s, value, root, at).length === 0);
  if (schema.anyOf && !branches("anyOf").some(Boolean)) fail("matches none of anyOf");
  if (schema.oneOf && branches("oneOf").filter(Boolean).length !== 1) fail("does not match exactly one of oneOf");
  if (schema.allOf && !branches("allOf").every(Boolean)) fail("does not match allOf");
  return problems;
}
