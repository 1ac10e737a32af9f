import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { transition, initialState } from '../../shared/domain/state-machine.ts';
import { toProblem } from '../../shared/http/problem.ts';

const ctx = { instance: '/v1/dossiers/x', correlationId: 'req-1', logger: new Logger({ logLevel: 'SILENT' }) };

function problemOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    const res = toProblem(error, ctx);
    return { status: res.statusCode, type: res.headers?.['content-type'], body: JSON.parse(String(res.body)) };
  }
  throw new Error('no error thrown');
}

describe('problem+json for domain errors', () => {
  it('turns an illegal transition into 409 naming the status and the action, in Vietnamese', () => {
    const p = problemOf(() => transition(initialState(), { type: 'accept', actor: { role: 'agency' } }));
    expect(p.status).toBe(409);
    expect(p.type).toContain('application/problem+json');
    expect(p.body).toEqual(expect.objectContaining({ type: 'urn:motcua:problem:illegal-transition', status: 409, instance: '/v1/dossiers/x' }));
    expect(p.body.detail).toContain('Nháp, chưa nộp');
  });

  it('turns a role that may not act into 403', () => {
    const p = problemOf(() => transition(initialState(), { type: 'accept', actor: { role: 'citizen' } }));
    expect(p.status).toBe(403);
    expect(p.body.type).toBe('urn:motcua:problem:forbidden');
  });

  it('hides an unexpected error behind a 500 with a correlation id', () => {
    const p = problemOf(() => {
      throw new Error('secret table name motcua-dossiers');
    });
    expect(p.status).toBe(500);
    expect(JSON.stringify(p.body)).not.toContain('motcua-dossiers');
    expect(p.body.correlationId).toBe('req-1');
  });
});

describe('problem+json for failures a client can do something about', () => {
  it('never echoes more than 120 characters of the path in instance', () => {
    const res = toProblem(new Error('x'), { ...ctx, instance: `/v1/dossiers/${'ệ'.repeat(3000)}` });
    expect(JSON.parse(String(res.body)).instance).toHaveLength(121);
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' })],
    ['DynamoDB throttling', Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } })],
    ['a 5xx from the service', Object.assign(new Error('Internal'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } })],
    ['a transaction conflict', Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] })],
  ])('answers %s with 503, Retry-After and the correlation id, not a bare 500', (_, error) => {
    const res = toProblem(error, ctx);
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('2');
    expect(JSON.parse(String(res.body))).toEqual(expect.objectContaining({ type: 'urn:motcua:problem:unavailable', correlationId: 'req-1' }));
  });

  it('keeps an error of our own code a 500 (a retry would not cure it)', () => {
    expect(toProblem(new TypeError('x is undefined'), ctx).statusCode).toBe(500);
  });
});
