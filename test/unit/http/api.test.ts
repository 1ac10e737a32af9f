/**
 * The API middleware chain without a cloud: what a client sees when its request went around
 * CloudFront, and when an operation runs out of time (issue 8: a bare 500 while the write goes on
 * becomes an honest 503 with Retry-After). GET operations only: they need no table.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../../shared/contracts/operations.ts';
import { httpApi, operation, type ApiEvent } from '../../../shared/http/api.ts';

const event = (headers: Record<string, string> = {}): ApiEvent =>
  ({
    version: '2.0',
    routeKey: 'GET /v1/procedures',
    rawPath: '/v1/procedures',
    rawQueryString: '',
    headers,
    requestContext: { domainName: 'api.example', http: { method: 'GET', path: '/v1/procedures' } },
    isBase64Encoded: false,
  }) as unknown as ApiEvent;
const context = (remainingMs: number): Context => ({ awsRequestId: 'req-1', getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;
const now = () => new Date('2026-12-01T03:00:00Z');

describe('the API chain', () => {
  it('answers 503 problem+json with Retry-After and "same Idempotency-Key" just before the function times out', async () => {
    const slow = httpApi(
      { listProcedures: operation(contracts.listProcedures, () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: { items: [] } }), 2_000))) },
      { now, timeoutMarginMs: 1_000 },
    );
    const res = (await slow(event(), context(1_200))) as { statusCode: number; headers: Record<string, string>; body: string };
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('2');
    expect(JSON.parse(res.body)).toEqual(expect.objectContaining({ type: 'urn:motcua:problem:unavailable', correlationId: 'req-1' }));
    expect(JSON.parse(res.body).detail).toMatch(/cùng Idempotency-Key/);
  });

  it('answers an operation that finishes in time normally', async () => {
    const quick = httpApi({ listProcedures: operation(contracts.listProcedures, async () => ({ status: 200, body: { items: [] } })) }, { now });
    expect(((await quick(event(), context(5_000))) as { statusCode: number }).statusCode).toBe(200);
  });

  it('refuses with 403 a request without the header CloudFront adds, when a front is configured', async () => {
    const fronted = httpApi({ listProcedures: operation(contracts.listProcedures, async () => ({ status: 200, body: { items: [] } })) }, { now, originSecret: 's3cr3t-from-cloudfront' });
    const around = (await fronted(event(), context(5_000))) as { statusCode: number; body: string };
    expect(around.statusCode).toBe(403);
    expect(JSON.parse(around.body).type).toBe('urn:motcua:problem:forbidden');
    const through = (await fronted(event({ 'x-origin-verify': 's3cr3t-from-cloudfront' }), context(5_000))) as { statusCode: number };
    expect(through.statusCode).toBe(200);
  });
});
