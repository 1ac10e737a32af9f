/**
 * Every value a request carries is bounded, and the OpenAPI document says so: each string has a
 * maxLength (or is an enum or a constant), each array a maxItems, in parameters, headers and
 * bodies alike (issue 8, "bounded input everywhere").
 */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/contracts/openapi.ts';
import { routes } from '../../shared/contracts/routes.ts';

type Schema = Record<string, any>;
const doc = openApiDocument() as any;

/** The places under `schema` where a string or an array has no bound, as dotted paths. */
function unbounded(schema: Schema, path: string, seen = new Set<string>()): string[] {
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    seen.add(schema.$ref);
    return unbounded(doc.components.schemas[schema.$ref.split('/').pop()], path, seen);
  }
  const out: string[] = [];
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('string') && schema.maxLength === undefined && !schema.enum && schema.const === undefined) out.push(`${path}: string without maxLength`);
  if (types.includes('array') && schema.maxItems === undefined) out.push(`${path}: array without maxItems`);
  if (schema.items) out.push(...unbounded(schema.items, `${path}[]`, seen));
  if (types.includes('object') && schema.additionalProperties && schema.additionalProperties !== false) out.push(`${path}: object with open-ended keys`);
  for (const [name, child] of Object.entries<Schema>(schema.properties ?? {})) out.push(...unbounded(child, `${path}.${name}`, seen));
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) for (const [i, child] of (schema[k] ?? []).entries()) out.push(...unbounded(child, `${path}<${k}${i}>`, seen));
  return out;
}

describe('bounds in the OpenAPI document', () => {
  const operations = routes.map((r) => ({ r, op: doc.paths[r.path][r.method.toLowerCase()] }));

  it('bounds every string and array of every request: parameters, headers and bodies', () => {
    const problems: string[] = [];
    for (const { r, op } of operations) {
      for (const p of op.parameters ?? []) problems.push(...unbounded(p.schema, `${r.operationId} ${p.in} ${p.name}`));
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body) problems.push(...unbounded(body, `${r.operationId} body`));
    }
    expect(problems).toEqual([]);
  });

  it('reaches into the bodies (the walk is not vacuous)', () => {
    const decision = doc.components.schemas.Decision;
    const variants = decision.oneOf ?? decision.anyOf;
    const supplement = variants.find((v: Schema) => v.properties?.type?.const === 'request-supplement');
    expect(supplement.properties.items.maxItems).toBe(50);
    expect(supplement.properties.officer.maxLength).toBe(100);
    const applicants = doc.components.schemas.CreateDossier.properties.applicant.oneOf;
    for (const applicant of applicants) expect(applicant.properties.email.maxLength).toBe(254);
    expect(applicants.find((v: Schema) => v.properties?.kind?.const === 'organisation').properties.taxCode.maxLength).toBe(20);
    expect(applicants[0].properties.representative.properties.fullName.maxLength).toBe(100);
    expect(unbounded({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'string', maxLength: 1 } } } }, 'x')).toEqual([
      'x.a: string without maxLength',
      'x.b: array without maxItems',
    ]);
  });

  it('documents 413 on every operation with a body', () => {
    for (const { r, op } of operations) if (op.requestBody) expect(op.responses[413], r.operationId).toBeDefined();
  });
});
