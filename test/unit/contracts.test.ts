import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generated } from '../../infra/generate.ts';
import { openApiDocument } from '../../shared/contracts/openapi.ts';
import { contracts } from '../../shared/contracts/operations.ts';
import { routes } from '../../shared/contracts/routes.ts';

describe('published contracts', () => {
  for (const [file, make] of Object.entries(generated))
    it(`keeps the committed ${file} equal to its source (run \`npm run generate\`)`, () => {
      const committed = JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));
      expect(committed).toEqual(JSON.parse(JSON.stringify(make())));
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
