/** The fuzz suite's own rules (test/fuzz): the oracle, and a plan that is the same for the same seed. */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/contracts/openapi.ts';
import { judge, longestEcho } from '../fuzz/oracle.ts';
import { planRequests } from '../fuzz/openapi-fuzz.ts';
import { inputClasses, operationsOf, unbounded } from '../fuzz/requests.ts';

const problem = (status: number, extra: object = {}) =>
  ({ status, contentType: 'application/problem+json; charset=utf-8', text: JSON.stringify({ type: 'urn:motcua:problem:x', title: 't', status, ...extra }), ms: 1 });

describe('the fuzz oracle', () => {
  it('flags every 5xx, a reset connection, and a 4xx that is not problem+json', () => {
    expect(judge(problem(500), []).map((v) => v.kind)).toEqual(['5xx']);
    expect(judge({ status: 503, contentType: 'application/json', text: '{"message":"Service Unavailable"}', ms: 1 }, []).map((v) => v.kind)).toEqual(['5xx']);
    expect(judge({ error: 'ECONNRESET' }, []).map((v) => v.kind)).toEqual(['no-answer']);
    expect(judge({ status: 400, contentType: 'application/json', text: '{"message":"bad"}', ms: 1 }, []).map((v) => v.kind)).toEqual(['not-problem']);
    expect(judge(problem(404, { status: 400 }), []).map((v) => v.kind)).toEqual(['not-problem']);
  });

  it("accepts problem+json 4xx and API Gateway's own answers", () => {
    expect(judge(problem(409), [])).toEqual([]);
    expect(judge({ status: 401, contentType: 'application/json', text: '{"message":"Unauthorized"}', ms: 1 }, [])).toEqual([]);
    expect(judge({ status: 404, contentType: 'application/json', text: '{"message":"Not Found"}', ms: 1 }, [])).toEqual([]);
    expect(judge({ status: 200, contentType: 'application/json', text: '{}', ms: 1 }, [])).toEqual([]);
  });

  it('flags an error answer that echoes more than 200 characters of an input, even JSON-escaped', () => {
    const input = '\u202e' + 'x'.repeat(300);

    expect(judge(problem(400, { detail: input }), [input]).map((v) => v.kind)).toEqual(['echo']);
    expect(judge(problem(400, { detail: input.slice(0, 200) }), [input])).toEqual([]);
    // A 2xx returns what was stored, by design.
    expect(judge({ status: 201, contentType: 'application/json', text: JSON.stringify({ line: input }), ms: 1 }, [input])).toEqual([]);
    expect(longestEcho(['ab'.repeat(500)], ['..' + 'ab'.repeat(200) + '..'])).toBeGreaterThanOrEqual(400);
  });
});

describe('the fuzz plan', () => {
  const doc = JSON.parse(JSON.stringify(openApiDocument('http://127.0.0.1:1')));
  const credentials = { plausible: { clerk: 'Bearer a.b.c' }, odd: { none: undefined, basic: 'Basic x' } };
  const plan = (seed: number) => planRequests(doc, { pools: { code: ['000.00.08.H21-261126-0001'] }, credentials, seed, runs: 3_000 });

  it('is the same for the same seed and another for another seed', () => {
    const show = (p: ReturnType<typeof plan>) => p.slice(0, 200).map((r) => `${r.method} ${r.route} ${r.inputClass} ${r.note}`);

    expect(show(plan(7))).toEqual(show(plan(7)));
    expect(show(plan(8))).not.toEqual(show(plan(7)));
  });

  it('covers every operation of the document and every input class', () => {
    const p = plan(7);

    expect(new Set(p.map((r) => r.operationId))).toEqual(new Set(operationsOf(doc).map((o) => o.operationId)));
    expect(new Set(p.map((r) => r.inputClass))).toEqual(new Set(inputClasses));
  });
});

describe('the fields a contract leaves unbounded', () => {
  // A document of its own: the real contracts are getting their maximums (issue 8).
  const doc = {
    components: {
      schemas: {
        Text: { type: 'string', minLength: 1 },
        Decision: {
          oneOf: [
            { type: 'object', properties: { type: { type: 'string', const: 'reject' }, reason: { type: 'string', maxLength: 2000 }, legalBasis: { $ref: '#/components/schemas/Text' } } },
            { type: 'object', properties: { type: { type: 'string', const: 'supplement' }, items: { type: 'array', items: { $ref: '#/components/schemas/Text' } }, email: { type: 'string', format: 'email' } } },
          ],
        },
      },
    },
  };
  const of = (value: unknown) => unbounded(doc, { $ref: '#/components/schemas/Decision' }, value).map((o) => `${o.kind} ${o.path.join('.')} ${JSON.stringify(o.seed)}`);

  it('are found through refs, into the oneOf alternative the value is, absent optional ones included', () => {
    expect(of({ type: 'reject', reason: 'Thiếu giấy tờ', legalBasis: 'Điều 9' })).toEqual(['string legalBasis "Điều 9"']);
    expect(of({ type: 'supplement', items: ['CCCD'] })).toEqual(['array items "CCCD"', 'string items.0 "CCCD"', 'string email "an@example.vn"']);
  });
});
