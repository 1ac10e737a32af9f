import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agencyEnvelopeJsonSchema } from '../../shared/contracts/agency-envelope.ts';
import { openApiDocument } from '../../shared/contracts/openapi.ts';
import { contracts } from '../../shared/contracts/operations.ts';
import { routes } from '../../shared/contracts/routes.ts';

describe('published contracts', () => {
  it('keeps the committed agency envelope JSON Schema equal to its zod source (run `npm run schemas`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../shared/contracts/agency-envelope-v1.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(agencyEnvelopeJsonSchema())));
  });

  const doc = openApiDocument('http://localhost:3000') as any;

  it('documents every route as OpenAPI 3.1 with a problem+json shape for its errors', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const r of routes) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      const errors = Object.entries(op.responses).filter(([s]) => Number(s) >= 400);
      expect(errors.length).toBeGreaterThan(0);
      for (const [, res] of errors) expect((res as any).content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    }
  });

  it('gives every request body an example that its own schema accepts', () => {
    for (const [id, c] of Object.entries(contracts)) {
      if (!('body' in c)) continue;
      const route = routes.find((r) => r.operationId === id)!;
      const body = doc.paths[route.path][route.method.toLowerCase()].requestBody.content['application/json'].schema;
      const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body;
      expect(schema.example, id).toBeDefined();
      expect(c.body.safeParse(schema.example).success, id).toBe(true);
    }
  });
});
