/**
 * fast-check arbitraries from the JSON Schemas of an OpenAPI 3.1 document: values the schema
 * accepts (as far as a schema can say: a CCCD's check digits are not in it), leaning on each
 * field's `example` so a good share of generated requests gets past validation and into the
 * business code. Supports what shared/contracts emits: $ref, const, enum, oneOf/anyOf/allOf,
 * object, array, string (pattern, length, format email), integer, number, boolean, null.
 *
 * Example: `fc.sample(valueFor(doc, { $ref: '#/components/schemas/CreateDossier' }), { seed: 1, numRuns: 3 })`
 */
import fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
};

export interface SchemaContext {
  /** The whole document, for `$ref: '#/components/...'`. */
  doc: unknown;
  /** Values the running API handed out, by property name (`id`, `code`, ...): tried for fields of that name. */
  pools?: Record<string, string[]>;
}

/** Follows local `$ref`s (`#/a/b`) until a schema without one. */
export function resolve(doc: unknown, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 32; i++) {
    if (!s.$ref.startsWith('#/')) throw new Error(`unsupported $ref ${s.$ref}`);
    let node: any = doc;
    for (const part of s.$ref.slice(2).split('/')) node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    if (!node) throw new Error(`dangling $ref ${s.$ref}`);
    s = node as JsonSchema;
  }
  return s;
}

/** Short Vietnamese and ASCII text for free-text fields, so lengths and diacritics look like real input. */
const words = ['Nguyễn', 'Văn', 'An', 'Thôn', 'Plei', 'Ia', 'Tô', 'Gia Lai', 'hồ sơ', 'bổ sung', 'Đắk', 'Ơ', 'Lê Thị Hằng', 'xã', 'phường', 'abc'];
const text = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 })
    .map((ws) => ws.join(' '))
    .map((s) => (s.length < min ? s.padEnd(min, 'a') : s).slice(0, max));

/** An arbitrary of the values `schema` accepts. `name` is the property it sits under, if any. */
export function valueFor(ctx: SchemaContext, schema: JsonSchema, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(ctx.doc, schema);
  const examples = [...(s.example !== undefined ? [s.example] : []), ...(s.examples ?? [])];
  const pooled = name ? (ctx.pools?.[name] ?? []) : [];
  const generated = generate(ctx, s, depth);
  const known = [...examples, ...pooled];
  // Mostly the example or a value the API handed out (they reach the business code), sometimes
  // a fresh value from the schema (it reaches validation and the edges of the contract).
  return known.length ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: generated, weight: 1 }) : generated;
}

function generate(ctx: SchemaContext, s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => valueFor(ctx, a, undefined, depth + 1)));
  if (s.allOf) return generate(ctx, mergeAll(ctx.doc, s.allOf), depth);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type ?? (s.properties ? 'object' : undefined)) {
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueFor(ctx, v, k, depth + 1)]));
      return fc.record(model, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    case 'array': {
      const min = s.minItems ?? 0;
      const max = Math.min(s.maxItems ?? min + 3, min + 3);
      return fc.array(s.items ? valueFor(ctx, s.items, undefined, depth + 1) : fc.jsonValue(), { minLength: min, maxLength: max });
    }
    case 'string':
      return stringFor(s);
    case 'integer': {
      const min = s.minimum ?? -1_000_000;
      return fc.integer({ min, max: Math.min(s.maximum ?? 1_000_000, min + 1_000_000) });
    }
    case 'number':
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return depth > 4 ? fc.string() : fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? min + 40, min + 200);
  if (s.pattern) {
    const re = new RegExp(s.pattern, 'u');
    // stringMatching keeps to the pattern; a length bound on top is a filter (rarely needed).
    return fc.stringMatching(re).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
  }
  if (s.format === 'email') return fc.emailAddress();
  if (s.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2099-12-31') }).map((d) => d.toISOString());
  return fc.oneof(text(min, max), fc.string({ minLength: min, maxLength: max }), fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }));
}

function mergeAll(doc: unknown, parts: JsonSchema[]): JsonSchema {
  const out: JsonSchema = { type: 'object', properties: {}, required: [] };
  for (const p of parts.map((x) => resolve(doc, x))) {
    Object.assign(out.properties!, p.properties ?? {});
    out.required!.push(...(p.required ?? []));
  }
  return out;
}
